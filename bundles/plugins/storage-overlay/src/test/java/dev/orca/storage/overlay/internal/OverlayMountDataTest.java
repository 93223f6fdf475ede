package dev.orca.storage.overlay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayMountDataTest {

    @Test
    void listsLowerDirectoriesTopmostFirstThenUpperAndWork() throws IOException {
        assertEquals("lowerdir=/s/l/A:/s/l/B,upperdir=/s/c/1/upper,workdir=/s/c/1/work",
                OverlayMountData.of(List.of(Path.of("/s/l/A"), Path.of("/s/l/B")), Path.of("/s/c/1/upper"),
                        Path.of("/s/c/1/work"), ""));
        assertEquals("lowerdir=/e,upperdir=/u,workdir=/w,index=off",
                OverlayMountData.of(List.of(Path.of("/e")), Path.of("/u"), Path.of("/w"), " index=off "));
    }

    @Test
    void refusesOptionsLongerThanAPage() {
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lowers.add(Path.of("/var/lib/orca/storage/overlay/l/ABCDEFGHIJ"));
        }

        IOException e = assertThrows(IOException.class,
                () -> OverlayMountData.of(lowers, Path.of("/u"), Path.of("/w"), ""));

        assertTrue(e.getMessage().startsWith("200 layers do not fit in one overlay mount"), e.getMessage());
    }

    @Test
    void eightyLayersFitUnderTheDefaultRoot() throws IOException {
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            lowers.add(Path.of("/var/lib/orca/storage/overlay/l/ABCDEFGHIJ"));
        }
        String container = "/var/lib/orca/storage/overlay/containers/" + "c".repeat(64);

        OverlayMountData.of(lowers, Path.of(container + "/upper"), Path.of(container + "/work"), "");
    }

    @Test
    void refusesPathsAndOptionsTheMountCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> OverlayMountData.checkUsable("root", Path.of("/a,b")));
        assertThrows(IllegalArgumentException.class, () -> OverlayMountData.checkUsable("root", Path.of("/a:b")));
        OverlayMountData.checkUsable("root", Path.of("/var/lib/orca"));
        assertThrows(IllegalArgumentException.class, () -> OverlayMountData.checkExtraOptions("index=off,upperdir=/x"));
        OverlayMountData.checkExtraOptions("index=off,metacopy=off");
    }
}
