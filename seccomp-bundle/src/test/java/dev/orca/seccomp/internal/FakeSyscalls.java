package dev.orca.seccomp.internal;

import java.util.Set;

/** A syscall table that knows a handful of names, for tests of the logic around libseccomp. */
final class FakeSyscalls implements SyscallTable {

    private final Set<String> syscalls;

    FakeSyscalls(String... syscalls) {
        this.syscalls = Set.of(syscalls);
    }

    @Override
    public boolean knowsSyscall(String name) {
        return syscalls.contains(name);
    }

    @Override
    public boolean knowsArchitecture(String scmpArch) {
        return Set.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM")
                .contains(scmpArch);
    }

    @Override
    public String describe() {
        return "fake libseccomp";
    }
}
