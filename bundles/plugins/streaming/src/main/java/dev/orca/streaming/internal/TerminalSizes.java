package dev.orca.streaming.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** The resize stream: JSON objects {@code {"Width":80,"Height":24}} one after another, as kubectl sends them. */
final class TerminalSizes {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Size(@JsonProperty("Width") int width, @JsonProperty("Height") int height) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Wire(@JsonProperty("Width") int width, @JsonProperty("Height") int height) {
    }

    @FunctionalInterface
    interface Listener {
        void resized(Size size) throws IOException;
    }

    private TerminalSizes() {
    }

    /** Reads sizes until the stream ends, handing each on; a malformed object ends the reading. */
    static void read(InputStream in, Listener listener) throws IOException {
        try (MappingIterator<Wire> sizes = JSON.readerFor(Wire.class).readValues(in)) {
            while (sizes.hasNextValue()) {
                Wire size = sizes.nextValue();
                if (size.width() > 0 && size.height() > 0) {
                    listener.resized(new Size(size.width(), size.height()));
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("malformed terminal size: " + e.getMessage(), e);
        }
    }
}
