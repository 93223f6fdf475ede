package dev.orca.layers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orca.spi.LayerContentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryNameTest {

    @Test
    void dropsDotAndEmptyComponents() throws LayerContentException {
        assertEquals(List.of("usr", "bin", "sh"), EntryName.components("./usr//bin/./sh"));
        assertEquals(List.of("etc"), EntryName.components("etc/"));
        assertEquals(List.of(), EntryName.components("./"));
    }

    @Test
    void keepsNamesThatOnlyLookLikeDots() throws LayerContentException {
        assertEquals(List.of("...", "..a", ".b"), EntryName.components(".../..a/.b"));
    }

    @Test
    void refusesAbsoluteAndDotDot() {
        assertThrows(LayerContentException.class, () -> EntryName.components("/etc/passwd"));
        assertThrows(LayerContentException.class, () -> EntryName.components("a/../b"));
        assertThrows(LayerContentException.class, () -> EntryName.components(".."));
    }

    @Test
    void refusesAComponentLongerThanLinuxTakes() throws LayerContentException {
        assertEquals(List.of("a".repeat(255)), EntryName.components("a".repeat(255)));
        // 128 two-byte characters: 256 bytes
        LayerContentException e = assertThrows(LayerContentException.class,
                () -> EntryName.components("d/" + "\u00e9".repeat(128)));
        assertEquals("layer entry \"d/" + "\u00e9".repeat(128) + "\": a name longer than 255 bytes is refused (too long"
                + " for Linux file systems)", e.getMessage());
    }
}
