package dev.orca.apparmor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.security.ProfileException;
import dev.orca.spi.security.ProfileKind;
import dev.orca.spi.security.ProfileRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppArmorProfilesTest {

    /** A kernel that holds the profiles it was given and records what was loaded. */
    private static final class FakeKernel implements AppArmorHost {
        final boolean enabled;
        final Set<String> loaded = new HashSet<>();
        final List<String> policies = new ArrayList<>();

        FakeKernel(boolean enabled, String... loaded) {
            this.enabled = enabled;
            this.loaded.addAll(List.of(loaded));
        }

        @Override
        public boolean enabled() {
            return enabled;
        }

        @Override
        public Set<String> loadedProfiles() {
            return Set.copyOf(loaded);
        }

        @Override
        public void load(Path policy) throws IOException {
            String text = Files.readString(policy);
            policies.add(text);
            loaded.add(text.substring(text.indexOf("profile ") + 8, text.indexOf(" flags=")));
        }
    }

    private static ProfileRequest request(ProfileKind kind, String ref, boolean privileged) {
        return new ProfileRequest(kind, ref, "runc", privileged, Set.of());
    }

    @Test
    void withoutAppArmorDefaultAndUnconfinedRunWithoutItAndLocalhostIsRefused() throws Exception {
        AppArmorProfiles apparmor = new AppArmorProfiles(new FakeKernel(false), "orca-default", "", true);

        assertFalse(apparmor.support().enabled());
        assertTrue(apparmor.support().detail().contains("the kernel has no AppArmor"));
        assertNull(apparmor.resolve(request(ProfileKind.RUNTIME_DEFAULT, "", false)).apparmorProfile());
        assertNull(apparmor.resolve(request(ProfileKind.UNCONFINED, "", false)).apparmorProfile());
        String refused = assertThrows(ProfileException.class,
                () -> apparmor.resolve(request(ProfileKind.LOCALHOST, "localhost/strict", false))).getMessage();
        assertEquals("AppArmor profile 'strict' cannot be applied: this node's kernel has no AppArmor", refused);
    }

    @Test
    void withAppArmorTheDefaultIsLoadedOnceAndLocalhostMustBeLoaded() throws Exception {
        FakeKernel kernel = new FakeKernel(true, "strict");
        AppArmorProfiles apparmor = new AppArmorProfiles(kernel, "orca-node", "", true);

        assertTrue(apparmor.support().enabled());
        assertEquals("orca-node", apparmor.resolve(request(ProfileKind.RUNTIME_DEFAULT, "", false)).apparmorProfile());
        assertEquals("orca-node", apparmor.resolve(request(ProfileKind.RUNTIME_DEFAULT, "", false)).apparmorProfile());
        assertEquals(1, kernel.policies.size());
        assertTrue(kernel.policies.get(0).contains("profile orca-node flags=") && !kernel.policies.get(0)
                .contains("@NAME@"));
        assertEquals("unconfined", apparmor.resolve(request(ProfileKind.RUNTIME_DEFAULT, "", true)).apparmorProfile());
        assertEquals("unconfined", apparmor.resolve(request(ProfileKind.UNCONFINED, "", false)).apparmorProfile());
        assertEquals("strict", apparmor.resolve(request(ProfileKind.LOCALHOST, "strict", false)).apparmorProfile());
        String missing = assertThrows(ProfileException.class,
                () -> apparmor.resolve(request(ProfileKind.LOCALHOST, "lax", false))).getMessage();
        assertTrue(missing.contains("'lax' is not loaded on this node"), missing);
    }

    @Test
    void aBadProfileNameIsRefusedAtActivation() {
        assertThrows(IllegalArgumentException.class, () -> new AppArmorProfiles(new FakeKernel(true), "a b", "",
                true));
    }
}
