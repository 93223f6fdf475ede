package dev.orca.layers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreationDefaultsTest {

    @Test
    void readsTheEffectiveUserAndGroupAndTheUmask() {
        CreationDefaults read = CreationDefaults.parse(List.of("Name:\tjava", "Umask:\t0027",
                "Uid:\t1000\t0\t0\t0", "Gid:\t1001\t50\t50\t50"));

        assertEquals(new CreationDefaults(0, 50, 027), read);
        assertTrue(read.owns(0, 50));
        assertFalse(read.owns(0, 0));
        assertTrue(read.keeps(0750));
        assertFalse(read.keeps(0644), "the umask takes the others' read bit");
        assertFalse(read.keeps(04750), "setuid needs a chmod");
    }

    @Test
    void anIncompleteOrUnreadableStatusKnowsNothingAndLeavesNoCallOut() {
        CreationDefaults noUmask = CreationDefaults.parse(List.of("Uid:\t0\t0\t0\t0", "Gid:\t0\t0\t0\t0"));

        assertEquals(CreationDefaults.UNKNOWN, noUmask);
        assertFalse(noUmask.owns(-1, -1));
        assertFalse(noUmask.keeps(0));
        assertEquals(CreationDefaults.UNKNOWN, CreationDefaults.read(Path.of("/nonexistent/status")));
    }

    @Test
    void thisProcessIsRead() {
        assertTrue(CreationDefaults.ofThisProcess().uid() >= 0);
    }
}
