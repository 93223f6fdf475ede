package dev.orca.core.internal.cri;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A value of a verbose reply's {@code info} map. The CRI says each value is a JSON document, and crictl parses each
 * and merges it into what it prints ({@code crictl info}, {@code inspect}, {@code inspectp}, {@code inspecti}), so
 * every value is written here, by Jackson, from maps, lists and plain values.
 */
final class VerboseInfo {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * A JSON document from elsewhere (a runtime's config.json) to embed as it is; a document that does not parse is
     * embedded as a string, so the reply stays JSON whatever the file holds.
     */
    static JsonNode embedded(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(document);
        }
    }
}
