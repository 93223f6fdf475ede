package dev.orca.seccomp.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.orca.spi.oci.OciSeccomp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OCI spec's {@code linux.seccomp} as the BPF program for an x86_64 process, built the way runc builds its filter
 * with libseccomp: the spec's architectures added, a rule per syscall name (names libseccomp does not know are
 * skipped, as runc skips them), rules whose action is the default left out, two conditions on one argument as
 * separate rules, {@code SCMP_ACT_ERRNO} and {@code SCMP_ACT_TRACE} returning EPERM unless {@code errnoRet} says.
 * Not runc's extra stub that answers ENOSYS for syscalls newer than the profile: those get the default action.
 */
public final class BpfCompiler {

    static final int EPERM = 1;
    static final Map<String, Integer> OPERATORS = Map.of("SCMP_CMP_NE", 1, "SCMP_CMP_LT", 2, "SCMP_CMP_LE", 3,
            "SCMP_CMP_EQ", 4, "SCMP_CMP_GE", 5, "SCMP_CMP_GT", 6, "SCMP_CMP_MASKED_EQ", 7);
    /** {@code struct scmp_arg_cmp}: u32 arg, u32 op, u64 datum_a, u64 datum_b. */
    private static final int ARG_SIZE = 24;
    private static final int MFD_CLOEXEC = 1;

    private final Libseccomp libseccomp;

    public BpfCompiler(Libseccomp libseccomp) {
        this.libseccomp = libseccomp;
    }

    /**
     * @throws IllegalArgumentException naming what the settings hold that the filter cannot express (an unknown
     *     action, operator or architecture), or what libseccomp refused
     */
    public BpfProgram compile(OciSeccomp seccomp) {
        Libseccomp.Functions lib = libseccomp.functions();
        int x8664 = libseccomp.architecture("SCMP_ARCH_X86_64");
        if (lib.seccomp_arch_native() != x8664) {
            // Syscall numbers are resolved for the native architecture; the guest is x86_64.
            throw new IllegalArgumentException("seccomp: a filter for an x86_64 guest is compiled only on an x86_64"
                    + " host");
        }
        int defaultAction = action(seccomp.defaultAction(), seccomp.defaultErrnoRet(), "defaultAction");
        Pointer filter = lib.seccomp_init(defaultAction);
        if (filter == null) {
            throw new IllegalArgumentException("seccomp: libseccomp refused the default action "
                    + seccomp.defaultAction());
        }
        try {
            for (String name : seccomp.architectures() == null ? List.<String>of() : seccomp.architectures()) {
                int arch = libseccomp.architecture(name);
                if (arch == 0) {
                    throw new IllegalArgumentException("seccomp: unknown architecture " + name);
                }
                int rc = lib.seccomp_arch_add(filter, arch);
                if (rc < 0 && rc != -17) { // -EEXIST: the native one is there already
                    throw failure("add architecture " + name, rc);
                }
            }
            List<OciSeccomp.Syscall> syscalls = seccomp.syscalls() == null ? List.of() : seccomp.syscalls();
            for (int i = 0; i < syscalls.size(); i++) {
                addRule(lib, filter, syscalls.get(i), defaultAction, "syscalls[" + i + "]");
            }
            return export(lib, filter);
        } finally {
            lib.seccomp_release(filter);
        }
    }

    private void addRule(Libseccomp.Functions lib, Pointer filter, OciSeccomp.Syscall rule, int defaultAction,
            String where) {
        int action = action(rule.action(), rule.errnoRet(), where + ".action");
        if (action == defaultAction) {
            return;
        }
        List<OciSeccomp.Argument> args = rule.args() == null ? List.of() : rule.args();
        Set<Integer> indexes = new HashSet<>();
        boolean sameArgumentTwice = !args.stream().allMatch(a -> indexes.add(a.index()));
        List<List<OciSeccomp.Argument>> conditions = new ArrayList<>();
        if (sameArgumentTwice) {
            args.forEach(a -> conditions.add(List.of(a)));
        } else {
            conditions.add(args);
        }
        for (String name : rule.names() == null ? List.<String>of() : rule.names()) {
            int syscall = name == null ? Libseccomp.NR_SCMP_ERROR : lib.seccomp_syscall_resolve_name(name);
            if (syscall == Libseccomp.NR_SCMP_ERROR) {
                continue;
            }
            for (List<OciSeccomp.Argument> condition : conditions) {
                int rc = lib.seccomp_rule_add_array(filter, action, syscall, condition.size(),
                        arguments(condition, where));
                if (rc < 0) {
                    throw failure(where + ": add rule for " + name, rc);
                }
            }
        }
    }

    private static Pointer arguments(List<OciSeccomp.Argument> args, String where) {
        if (args.isEmpty()) {
            return null;
        }
        Memory memory = new Memory((long) ARG_SIZE * args.size());
        for (int i = 0; i < args.size(); i++) {
            OciSeccomp.Argument a = args.get(i);
            Integer op = OPERATORS.get(a.op());
            if (op == null || a.index() < 0 || a.index() > 5) {
                throw new IllegalArgumentException("seccomp: " + where + ": argument " + a.index() + " with operator "
                        + a.op() + " is not a condition (index 0 to 5, " + String.join(", ", OPERATORS.keySet())
                        + ")");
            }
            long offset = (long) ARG_SIZE * i;
            memory.setInt(offset, a.index());
            memory.setInt(offset + 4, op);
            memory.setLong(offset + 8, a.value());
            memory.setLong(offset + 16, a.valueTwo() == null ? 0 : a.valueTwo());
        }
        return memory;
    }

    /** libseccomp's action value for an OCI action name. */
    static int action(String name, Integer errnoRet, String field) {
        int errno = errnoRet == null ? EPERM : errnoRet & 0xffff;
        return switch (name == null ? "" : name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> 0x00000000;
            case "SCMP_ACT_KILL_PROCESS" -> 0x80000000;
            case "SCMP_ACT_TRAP" -> 0x00030000;
            case "SCMP_ACT_ERRNO" -> 0x00050000 | errno;
            case "SCMP_ACT_TRACE" -> 0x7ff00000 | errno;
            case "SCMP_ACT_LOG" -> 0x7ffc0000;
            case "SCMP_ACT_ALLOW" -> 0x7fff0000;
            default -> throw new IllegalArgumentException("seccomp: " + field + ": action " + name
                    + " cannot be applied (SCMP_ACT_NOTIFY needs a listener there is none of)");
        };
    }

    private BpfProgram export(Libseccomp.Functions lib, Pointer filter) {
        Libseccomp.LibC libc = libseccomp.libc();
        int fd = libc.memfd_create("orca-seccomp-bpf", MFD_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("seccomp: memfd_create failed (errno " + com.sun.jna.Native.getLastError()
                    + ")");
        }
        try {
            int rc = lib.seccomp_export_bpf(filter, fd);
            if (rc < 0) {
                throw failure("export the BPF program", rc);
            }
            return new BpfProgram(Files.readAllBytes(Path.of("/proc/self/fd/" + fd)));
        } catch (IOException e) {
            throw new UncheckedIOException("seccomp: read back the BPF program", e);
        } finally {
            libc.close(fd);
        }
    }

    private static IllegalArgumentException failure(String what, int rc) {
        return new IllegalArgumentException("seccomp: " + what + ": libseccomp says errno " + -rc);
    }
}
