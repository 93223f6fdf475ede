package dev.orca.spi.oci;

import java.util.List;

/** {@code linux.seccomp}: a seccomp filter. */
public record OciSeccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
        List<Syscall> syscalls) {

    /** {@code syscalls[]}: names, the action for them, and argument conditions. */
    public record Syscall(List<String> names, String action, Integer errnoRet, List<Argument> args) {
    }

    /** {@code args[]}: compare argument {@code index} with {@code value} (and {@code valueTwo}) by {@code op}. */
    public record Argument(int index, long value, Long valueTwo, String op) {
    }
}
