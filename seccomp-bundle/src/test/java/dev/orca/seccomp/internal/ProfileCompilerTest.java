package dev.orca.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.orca.spi.oci.OciSeccomp;
import dev.orca.spi.security.ProfileException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileCompilerTest {

    private static final String PROFILE = """
            {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38,
             "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
                         {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
             "syscalls": [
               {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
               {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
               {"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
               {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
               {"names": ["set_tls"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm64"]}},
               {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
               {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}], "excludes": {"minKernel": "7.0"}}
             ]}
            """;

    private static SeccompProfile profile() throws ProfileException {
        return new ProfileReader().read(new ByteArrayInputStream(PROFILE.getBytes(StandardCharsets.UTF_8)), "t");
    }

    private static List<String> names(OciSeccomp seccomp) {
        return seccomp.syscalls().stream().map(s -> s.names().get(0) + ":" + s.action()).toList();
    }

    @Test
    void rulesFollowTheContainersCapabilitiesTheNodesArchitectureAndKernel() throws ProfileException {
        ProfileCompiler amd64 = new ProfileCompiler(new NodePlatform("amd64", "SCMP_ARCH_X86_64", List.of(6, 1)));

        OciSeccomp plain = amd64.compile(profile(), Set.of("CAP_CHOWN"));
        assertEquals(List.of("read:SCMP_ACT_ALLOW", "mount:SCMP_ACT_ERRNO", "arch_prctl:SCMP_ACT_ALLOW",
                "ptrace:SCMP_ACT_ALLOW", "personality:SCMP_ACT_ALLOW"), names(plain));
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), plain.architectures());
        assertEquals(38, plain.defaultErrnoRet());
        assertEquals(1, plain.syscalls().get(1).errnoRet());
        assertEquals(new OciSeccomp.Argument(0, 8, null, "SCMP_CMP_EQ"), plain.syscalls().get(4).args().get(0));
        assertNull(plain.syscalls().get(0).args());

        OciSeccomp admin = amd64.compile(profile(), Set.of("CAP_SYS_ADMIN"));
        assertEquals("mount:SCMP_ACT_ALLOW", names(admin).get(1));
        assertEquals(5, admin.syscalls().size());
    }

    @Test
    void anOldKernelAndAnotherArchitectureSeeOtherRules() throws ProfileException {
        ProfileCompiler oldArm = new ProfileCompiler(new NodePlatform("arm64", "SCMP_ARCH_AARCH64", List.of(4, 4)));

        OciSeccomp seccomp = oldArm.compile(profile(), Set.of());
        assertEquals(List.of("read:SCMP_ACT_ALLOW", "mount:SCMP_ACT_ERRNO", "set_tls:SCMP_ACT_ALLOW",
                "personality:SCMP_ACT_ALLOW"), names(seccomp));
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), seccomp.architectures());
    }

    @Test
    void kernelVersionsAreReadFromReleaseStrings() {
        assertEquals(List.of(6, 18), NodePlatform.kernelVersion("6.18.44-fc-v657"));
        assertEquals(List.of(0, 0), NodePlatform.kernelVersion("unknown"));
        NodePlatform node = new NodePlatform("amd64", "SCMP_ARCH_X86_64", List.of(5, 10));
        assertEquals(true, node.kernelAtLeast("4.8"));
        assertEquals(true, node.kernelAtLeast("5.10"));
        assertEquals(false, node.kernelAtLeast("5.11"));
    }
}
