package dev.orca.seccomp.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Locale;

/**
 * The node's libseccomp through JNA: syscall and architecture names are resolved as runc will resolve them when it
 * builds the filter, so a profile the library cannot express is refused when loaded rather than half-applied.
 */
final class Libseccomp implements SyscallTable {

    /** The libseccomp functions used; {@code __NR_SCMP_ERROR} is -1, an unknown architecture is 0. */
    interface Functions extends Library {

        int seccomp_syscall_resolve_name(String name);

        int seccomp_arch_resolve_name(String name);

        Pointer seccomp_version();
    }

    private static final String ARCH_PREFIX = "SCMP_ARCH_";

    private final Functions library;

    private Libseccomp(Functions library) {
        this.library = library;
    }

    /** @throws IllegalStateException naming the package when libseccomp is not installed */
    static Libseccomp load() {
        Functions functions;
        try {
            functions = Native.load("seccomp", Functions.class);
        } catch (UnsatisfiedLinkError noDevelopmentLink) {
            // Without the -dev package only the versioned name exists.
            try {
                functions = Native.load("libseccomp.so.2", Functions.class);
            } catch (UnsatisfiedLinkError missing) {
                throw new IllegalStateException("libseccomp cannot be loaded (install libseccomp2): "
                        + missing.getMessage(), missing);
            }
        }
        return new Libseccomp(functions);
    }

    @Override
    public boolean knowsSyscall(String name) {
        return !name.isBlank() && library.seccomp_syscall_resolve_name(name) != -1;
    }

    @Override
    public boolean knowsArchitecture(String scmpArch) {
        if (!scmpArch.startsWith(ARCH_PREFIX) || scmpArch.length() == ARCH_PREFIX.length()) {
            return false;
        }
        String name = scmpArch.substring(ARCH_PREFIX.length()).toLowerCase(Locale.ROOT);
        return library.seccomp_arch_resolve_name(name) != 0;
    }

    @Override
    public String describe() {
        Pointer version = library.seccomp_version();
        return version == null ? "libseccomp"
                : "libseccomp " + version.getInt(0) + "." + version.getInt(4) + "." + version.getInt(8);
    }
}
