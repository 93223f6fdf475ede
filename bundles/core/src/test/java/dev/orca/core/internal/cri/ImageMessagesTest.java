package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageMessagesTest {

    private static final Image IMAGE = new Image("sha256:cfg", List.of("r.example/pause:3.9"), List.of(), 10,
            List.of("sha256:l1"), ImageConfig.EMPTY, Instant.EPOCH);

    @Test
    void aPinnedImageIsPinnedForTheKubelet() {
        assertTrue(ImageMessages.toMessage(IMAGE.withPinned(true)).getPinned());
        assertFalse(ImageMessages.toMessage(IMAGE).getPinned());
        assertEquals("sha256:cfg", ImageMessages.toMessage(IMAGE.withPinned(true)).getId());
    }
}
