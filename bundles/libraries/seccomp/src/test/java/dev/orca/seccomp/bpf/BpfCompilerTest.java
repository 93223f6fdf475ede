package dev.orca.seccomp.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.oci.OciSeccomp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BpfCompilerTest {

    private static final int BPF_RET_K = 0x06;
    private final BpfCompiler compiler = new BpfCompiler(Libseccomp.load());

    private static OciSeccomp allowAllBut(OciSeccomp.Syscall... rules) {
        return new OciSeccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                List.of(rules));
    }

    private static OciSeccomp.Syscall errno(List<String> names, Integer errnoRet) {
        return new OciSeccomp.Syscall(names, "SCMP_ACT_ERRNO", errnoRet, null);
    }

    /** Whether the program has a {@code BPF_RET|BPF_K} instruction returning {@code value}. */
    private static boolean returns(BpfProgram program, int value) {
        ByteBuffer b = ByteBuffer.wrap(program.bytes()).order(ByteOrder.nativeOrder());
        for (int i = 0; i < program.length(); i++) {
            int code = b.getShort(i * 8) & 0xffff;
            if (code == BPF_RET_K && b.getInt(i * 8 + 4) == value) {
                return true;
            }
        }
        return false;
    }

    @Test
    void anErrnoRuleForSethostnameReturnsEpermFromTheProgram() {
        BpfProgram program = compiler.compile(allowAllBut(errno(List.of("sethostname"), null)));

        assertTrue(program.length() > 0);
        assertEquals(program.length() * 16, program.hex().length());
        assertTrue(program.hex().matches("[0-9a-f]+"));
        assertTrue(returns(program, 0x00050000 | 1), "SCMP_ACT_ERRNO(EPERM)");
        assertTrue(returns(program, 0x7fff0000), "SCMP_ACT_ALLOW");
        assertNotEquals(compiler.compile(allowAllBut()), program);
    }

    @Test
    void errnoRetIsTheErrnoReturned() {
        assertTrue(returns(compiler.compile(allowAllBut(errno(List.of("chmod"), 38))), 0x00050000 | 38));
    }

    @Test
    void syscallNamesLibseccompDoesNotKnowAreSkippedAsRuncSkipsThem() {
        assertEquals(compiler.compile(allowAllBut(errno(List.of("sethostname"), null))),
                compiler.compile(allowAllBut(errno(List.of("no_such_syscall", "sethostname"), null))));
    }

    @Test
    void aRuleWithTheDefaultActionIsLeftOut() {
        OciSeccomp.Syscall allow = new OciSeccomp.Syscall(List.of("read"), "SCMP_ACT_ALLOW", null, null);
        assertEquals(compiler.compile(allowAllBut()), compiler.compile(allowAllBut(allow)));
    }

    @Test
    void conditionsOnOneArgumentTwiceBecomeSeparateRules() {
        OciSeccomp.Syscall rule = new OciSeccomp.Syscall(List.of("personality"), "SCMP_ACT_ERRNO", null,
                List.of(new OciSeccomp.Argument(0, 8, null, "SCMP_CMP_EQ"),
                        new OciSeccomp.Argument(0, 0x20008, null, "SCMP_CMP_EQ")));
        BpfProgram program = compiler.compile(allowAllBut(rule));
        assertTrue(returns(program, 0x00050001));
    }

    @Test
    void theDefaultErrnoOfADenyingProfile() {
        OciSeccomp deny = new OciSeccomp("SCMP_ACT_ERRNO", 38, null,
                List.of(new OciSeccomp.Syscall(List.of("read", "write", "exit_group"), "SCMP_ACT_ALLOW", null, null)));
        BpfProgram program = compiler.compile(deny);
        assertTrue(returns(program, 0x00050000 | 38));
        assertFalse(returns(program, 0x00050001));
    }

    @Test
    void anActionThatCannotBeAppliedIsRefusedNamingIt() {
        OciSeccomp.Syscall notify = new OciSeccomp.Syscall(List.of("mount"), "SCMP_ACT_NOTIFY", null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> compiler.compile(allowAllBut(notify)));
        assertTrue(e.getMessage().contains("syscalls[0].action: action SCMP_ACT_NOTIFY"), e.getMessage());
    }

    @Test
    void anUnknownArchitectureIsRefused() {
        OciSeccomp spec = new OciSeccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_VAX"), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compiler.compile(spec));
        assertTrue(e.getMessage().contains("SCMP_ARCH_VAX"), e.getMessage());
    }
}
