package dev.orca.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.oci.OciSeccomp;
import dev.orca.spi.security.ProfileException;
import dev.orca.spi.security.ProfileKind;
import dev.orca.spi.security.ProfileRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider on the node's real libseccomp, with the profile the bundle ships. */
class SeccompProfilesTest {

    private static final NodePlatform AMD64 = new NodePlatform("amd64", "SCMP_ARCH_X86_64", List.of(6, 1));

    @TempDir
    Path dir;

    private SeccompProfiles provider(String defaultProfile, boolean privilegedUnconfined, String... handlers)
            throws ProfileException {
        return new SeccompProfiles(LibseccompTable.load(), AMD64, defaultProfile, new LocalhostProfiles(dir, true),
                handlers, privilegedUnconfined);
    }

    private static ProfileRequest request(ProfileKind kind, String ref, String handler, boolean privileged,
            String... caps) {
        return new ProfileRequest(kind, ref, handler, privileged, Set.of(caps));
    }

    private static List<String> allowed(OciSeccomp seccomp) {
        return seccomp.syscalls().stream().filter(s -> s.action().equals("SCMP_ACT_ALLOW") && s.args() == null)
                .flatMap(s -> s.names().stream()).toList();
    }

    private static List<String> refused(OciSeccomp seccomp) {
        return seccomp.syscalls().stream().filter(s -> s.action().equals("SCMP_ACT_ERRNO") && s.args() == null
                && Integer.valueOf(1).equals(s.errnoRet())).flatMap(s -> s.names().stream()).toList();
    }

    @Test
    void theShippedDefaultRefusesNamespacesMountsAndKeysWithEpermUnlessTheCapabilityIsHeld() throws Exception {
        SeccompProfiles seccomp = provider("", true);

        OciSeccomp plain = seccomp.resolve(request(ProfileKind.RUNTIME_DEFAULT, "", "runc", false, "CAP_CHOWN"))
                .seccomp();
        assertEquals("SCMP_ACT_ERRNO", plain.defaultAction());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), plain.architectures());
        assertTrue(refused(plain).containsAll(List.of("unshare", "mount", "keyctl", "setns", "add_key", "chroot",
                "kexec_load", "bpf", "userfaultfd")), refused(plain).toString());
        assertTrue(allowed(plain).containsAll(List.of("read", "openat", "execve", "arch_prctl")));
        assertTrue(!allowed(plain).contains("unshare") && !allowed(plain).contains("set_tls"));

        OciSeccomp admin = seccomp.resolve(request(ProfileKind.RUNTIME_DEFAULT, "", "runc", false,
                "CAP_SYS_ADMIN")).seccomp();
        assertTrue(allowed(admin).containsAll(List.of("unshare", "mount", "setns", "clone")));
        assertTrue(refused(admin).contains("keyctl") && !refused(admin).contains("mount"));
    }

    @Test
    void unconfinedAndPrivilegedGetNoFilterUnlessConfiguredOtherwise() throws Exception {
        assertNull(provider("", true).resolve(request(ProfileKind.UNCONFINED, "", "", false)).seccomp());
        assertNull(provider("", true).resolve(request(ProfileKind.RUNTIME_DEFAULT, "", "", true)).seccomp());
        assertEquals("SCMP_ACT_ERRNO", provider("", false).resolve(request(ProfileKind.RUNTIME_DEFAULT, "", "",
                true)).seccomp().defaultAction());
    }

    @Test
    void localhostAndPerHandlerProfilesAreLoadedAndChecked() throws Exception {
        Files.writeString(dir.resolve("no-mkdir.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
                """);
        Files.writeString(dir.resolve("typo.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdri"], "action": "SCMP_ACT_ERRNO"}]}
                """);
        SeccompProfiles seccomp = provider("", true, "gvisor=" + dir.resolve("no-mkdir.json"));

        OciSeccomp local = seccomp.resolve(request(ProfileKind.LOCALHOST, dir.resolve("no-mkdir.json").toString(),
                "runc", false)).seccomp();
        assertEquals("SCMP_ACT_ALLOW", local.defaultAction());
        assertEquals(13, local.syscalls().get(0).errnoRet());
        assertEquals("SCMP_ACT_ALLOW", seccomp.resolve(request(ProfileKind.RUNTIME_DEFAULT, "", "gvisor", false))
                .seccomp().defaultAction());

        String typo = assertThrows(ProfileException.class, () -> seccomp.resolve(request(ProfileKind.LOCALHOST,
                "typo.json", "runc", false))).getMessage();
        assertTrue(typo.contains("unknown syscalls mkdri (not known to libseccomp "), typo);

        String badHandler = assertThrows(ProfileException.class, () -> provider("", true, "runc")).getMessage();
        assertTrue(badHandler.contains("'runc' is not HANDLER=PROFILE-FILE"), badHandler);
        String missing = assertThrows(ProfileException.class, () -> provider(dir.resolve("none.json").toString(),
                true)).getMessage();
        assertTrue(missing.contains("none.json does not exist"), missing);
    }

    @Test
    void libseccompKnowsRealNamesOnly() {
        LibseccompTable library = LibseccompTable.load();
        assertTrue(library.knowsSyscall("unshare") && library.knowsSyscall("arm_fadvise64_64"));
        assertTrue(!library.knowsSyscall("unshar") && !library.knowsSyscall(""));
        assertTrue(library.knowsArchitecture("SCMP_ARCH_AARCH64") && !library.knowsArchitecture("SCMP_ARCH_PDP11"));
        assertTrue(!library.knowsArchitecture("x86_64"));
        assertTrue(library.describe().matches("libseccomp \\d+\\.\\d+\\.\\d+"), library.describe());
    }
}
