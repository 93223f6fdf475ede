package dev.orca.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.security.ProfileException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProfileCheckerTest {

    private final ProfileChecker checker = new ProfileChecker(new FakeSyscalls("mkdir", "read", "write"));
    private final ProfileReader reader = new ProfileReader();

    private SeccompProfile parse(String json) throws ProfileException {
        return reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private String problems(String json) throws ProfileException {
        SeccompProfile profile = parse(json);
        return assertThrows(ProfileException.class, () -> checker.check(profile, "test.json")).getMessage();
    }

    @Test
    void aProfileOfKnownNamesPasses() throws ProfileException {
        SeccompProfile profile = parse("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
                   "args": [{"index": 1, "value": 448, "op": "SCMP_CMP_EQ"}],
                   "includes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["amd64"], "minKernel": "4.8"}}]}
                """);
        assertDoesNotThrow(() -> checker.check(profile, "test.json"));
    }

    @Test
    void unknownSyscallsAndArchitecturesAreNamedAllAtOnce() throws ProfileException {
        String message = problems("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_VAX"],
                 "syscalls": [{"names": ["mkdir", "mkdirr", "frobnicate"], "action": "SCMP_ACT_ERRNO"}]}
                """);
        assertTrue(message.startsWith("seccomp profile test.json: "), message);
        assertTrue(message.contains("unknown architectures SCMP_ARCH_VAX"), message);
        assertTrue(message.contains("unknown syscalls mkdirr, frobnicate (not known to fake libseccomp)"), message);
    }

    @Test
    void actionsOperatorsCapabilitiesAndFilterArchesMustExist() throws ProfileException {
        String message = problems("""
                {"defaultAction": "SCMP_ACT_MAYBE",
                 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 7, "value": 1, "op": "SCMP_CMP_ABOUT"}],
                   "includes": {"caps": ["CAP_FLY"], "arches": ["pdp11"]}, "excludes": {"minKernel": "new"}}]}
                """);
        assertTrue(message.contains("defaultAction: unknown action SCMP_ACT_MAYBE"), message);
        assertTrue(message.contains("argument index 7 is not 0 to 5"), message);
        assertTrue(message.contains("unknown operator SCMP_CMP_ABOUT"), message);
        assertTrue(message.contains("unknown capabilities CAP_FLY"), message);
        assertTrue(message.contains("unknown architectures in includes/excludes pdp11"), message);
        assertTrue(message.contains("minKernel 'new' is not a kernel version"), message);
    }

    @Test
    void architecturesAndArchMapTogetherAreRefused() throws ProfileException {
        String message = problems("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}]}
                """);
        assertTrue(message.contains("both 'architectures' and 'archMap' are given"), message);
    }

    @Test
    void malformedJsonIsRefusedNamingThePlace() {
        String message = assertThrows(ProfileException.class, () -> parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
                + " \"syscalls\": [ {\"names\": [\"read\"] ")).getMessage();
        assertTrue(message.startsWith("seccomp profile test.json is not valid profile JSON: "), message);
        assertTrue(message.contains("line 2"), message);

        String wrongType = assertThrows(ProfileException.class,
                () -> parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": {\"names\": 3}}")).getMessage();
        assertTrue(wrongType.contains("not valid profile JSON"), wrongType);
    }
}
