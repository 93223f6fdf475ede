package dev.orca.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.security.ProfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalhostProfilesTest {

    @TempDir
    Path dir;
    Path root;
    LocalhostProfiles profiles;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(dir.resolve("seccomp"));
        Files.createDirectories(root.resolve("team"));
        Files.writeString(root.resolve("team/audit.json"), "{}");
        Files.writeString(dir.resolve("outside.json"), "{}");
        Files.createSymbolicLink(root.resolve("sneaky.json"), dir.resolve("outside.json"));
        profiles = new LocalhostProfiles(root);
    }

    private String refused(String ref) {
        return assertThrows(ProfileException.class, () -> profiles.locate(ref)).getMessage();
    }

    @Test
    void relativeAndAbsoluteNamesUnderTheRootAreFound() throws Exception {
        Path expected = root.resolve("team/audit.json").toRealPath();
        assertEquals(expected, profiles.locate("team/audit.json"));
        assertEquals(expected, profiles.locate(root.resolve("team/audit.json").toString()));
    }

    @Test
    void climbingLeavingAndMissingAreRefusedByName() {
        assertTrue(refused("team/../../outside.json").contains("'..' is not allowed"));
        assertTrue(refused(root + "/team/../team/audit.json").contains("'..' is not allowed"));
        assertTrue(refused(dir.resolve("outside.json").toString()).contains("is not under the profile root"));
        assertTrue(refused("sneaky.json").contains("leads out of the profile root"));
        assertTrue(refused("team/none.json").contains("does not exist"));
        assertTrue(refused("team").contains("is not a file"));
        assertTrue(refused("").contains("no profile path given"));
    }
}
