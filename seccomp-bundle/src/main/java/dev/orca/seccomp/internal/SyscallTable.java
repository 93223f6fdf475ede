package dev.orca.seccomp.internal;

/** What the node's seccomp library knows: syscall names and architecture names. */
interface SyscallTable {

    /** Whether {@code name} is a syscall on any architecture the library knows. */
    boolean knowsSyscall(String name);

    /** Whether {@code scmpArch} ({@code SCMP_ARCH_X86_64}, …) is an architecture the library knows. */
    boolean knowsArchitecture(String scmpArch);

    /** The library and its version, for Status and the log. */
    String describe();
}
