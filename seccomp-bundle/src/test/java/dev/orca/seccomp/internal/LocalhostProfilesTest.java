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

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(dir.resolve("seccomp"));
        Files.createDirectories(root.resolve("team"));
        Files.writeString(root.resolve("team/audit.json"), "{}");
        Files.writeString(dir.resolve("outside.json"), "{}");
        Files.createSymbolicLink(root.resolve("sneaky.json"), dir.resolve("outside.json"));
    }

    private static String refused(LocalhostProfiles profiles, String ref) {
        return assertThrows(ProfileException.class, () -> profiles.locate(ref)).getMessage();
    }

    @Test
    void relativeAndAbsoluteNamesUnderTheRootAreFound() throws Exception {
        Path expected = root.resolve("team/audit.json").toRealPath();
        for (boolean restricted : new boolean[] {false, true}) {
            LocalhostProfiles profiles = new LocalhostProfiles(root, restricted);
            assertEquals(expected, profiles.locate("team/audit.json"));
            assertEquals(expected, profiles.locate(root.resolve("team/audit.json").toString()));
        }
    }

    @Test
    void byDefaultAnAbsolutePathIsLoadedWhereverItIsAsTheKubeletResolvedIt() throws Exception {
        LocalhostProfiles profiles = new LocalhostProfiles(root, false);
        assertEquals(dir.resolve("outside.json").toRealPath(),
                profiles.locate(dir.resolve("outside.json").toString()));
        assertTrue(refused(profiles, "team/../../outside.json").contains("'..' is not allowed"));
        assertTrue(refused(profiles, "sneaky.json").contains("leads out of the profile root"));
        assertTrue(refused(profiles, dir.resolve("none.json").toString()).contains("does not exist"));
    }

    @Test
    void restrictedClimbingLeavingAndMissingAreRefusedByName() {
        LocalhostProfiles profiles = new LocalhostProfiles(root, true);
        assertTrue(refused(profiles, "team/../../outside.json").contains("'..' is not allowed"));
        assertTrue(refused(profiles, root + "/team/../team/audit.json").contains("'..' is not allowed"));
        assertTrue(refused(profiles, dir.resolve("outside.json").toString())
                .contains("is not under the profile root"));
        assertTrue(refused(profiles, "sneaky.json").contains("leads out of the profile root"));
        assertTrue(refused(profiles, "team/none.json").contains("does not exist"));
        assertTrue(refused(profiles, "team").contains("is not a file"));
        assertTrue(refused(profiles, "").contains("no profile path given"));
    }
}
