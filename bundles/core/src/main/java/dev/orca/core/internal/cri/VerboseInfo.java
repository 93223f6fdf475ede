package dev.orca.core.internal.cri;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * A value of a verbose reply's {@code info} map. The CRI says each value is a JSON document, and crictl parses each
 * and merges it into what it prints ({@code crictl info}, {@code inspect}, {@code inspectp}, {@code inspecti}), so
 * every value is written here, by Jackson, from maps, lists and plain values, and documents from elsewhere (a
 * runtime's config.json) only once they are known to be JSON.
 */
final class VerboseInfo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private VerboseInfo() {
    }

    /** {@code value} as a JSON document. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only maps, lists, strings, numbers and booleans reach here: failing means a programming error.
            throw new IllegalStateException("verbose info cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether {@code text} is one whole JSON document (nothing after it), which may be embedded as it is. */
    static boolean isJsonDocument(String text) {
        try {
            return !STRICT.readTree(text).isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** A JSON document from elsewhere, checked with {@link #isJsonDocument}, written into a value as its text. */
    static RawValue raw(String document) {
        return new RawValue(document);
    }
}
