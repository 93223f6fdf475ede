package dev.orca.layers.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreRootTest {

    @Test
    void defaultsUnderOrcasRoot() {
        assertEquals(Path.of("/var/lib/orca/storage/overlay"), StoreRoot.of("", null, "overlay"));
        assertEquals(Path.of("/srv/orca/storage/vfs"), StoreRoot.of(null, "/srv/orca/", "vfs"));
    }

    @Test
    void aConfiguredRootWinsAndMustBeAbsolute() {
        assertEquals(Path.of("/data/layers"), StoreRoot.of(" /data/./layers ", "/srv/orca", "vfs"));
        assertThrows(IllegalArgumentException.class, () -> StoreRoot.of("relative/dir", null, "vfs"));
    }
}
