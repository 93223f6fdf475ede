package dev.orca.spi;

import java.io.IOException;

/** A layer's content is refused: its digest does not match, an entry would escape the layer, or the tar is bad. */
public class LayerContentException extends IOException {

    private static final long serialVersionUID = 1L;

    public LayerContentException(String message) {
        super(message);
    }

    public LayerContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
