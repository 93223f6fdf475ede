package dev.orca.seccomp.bpf;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Locale;

/**
 * The node's libseccomp through JNA: syscall and architecture names are resolved as runc resolves them when it builds
 * a filter, so that a profile the library cannot express is refused before it is half-applied.
 */
public final class Libseccomp {

    /** The libseccomp functions used; {@code __NR_SCMP_ERROR} is -1, an unknown architecture is 0. */
    interface Functions extends Library {

        int seccomp_syscall_resolve_name(String name);

        int seccomp_arch_resolve_name(String name);

        int seccomp_arch_native();

        Pointer seccomp_version();

        Pointer seccomp_init(int defaultAction);

        void seccomp_release(Pointer filter);

        int seccomp_arch_add(Pointer filter, int arch);

        int seccomp_rule_add_array(Pointer filter, int action, int syscall, int argCount, Pointer args);

        int seccomp_export_bpf(Pointer filter, int fd);
    }

    /** The C library's memory files, where {@code seccomp_export_bpf} writes the program. */
    interface LibC extends Library {

        int memfd_create(String name, int flags);

        int close(int fd);
    }

    static final int NR_SCMP_ERROR = -1;
    private static final String ARCH_PREFIX = "SCMP_ARCH_";

    private final Functions library;
    private final LibC libc;

    private Libseccomp(Functions library, LibC libc) {
        this.library = library;
        this.libc = libc;
    }

    /** @throws IllegalStateException naming the package when libseccomp is not installed */
    public static Libseccomp load() {
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
        return new Libseccomp(functions, Native.load("c", LibC.class));
    }

    /** Whether {@code name} is a syscall on any architecture the library knows. */
    public boolean knowsSyscall(String name) {
        return !name.isBlank() && library.seccomp_syscall_resolve_name(name) != NR_SCMP_ERROR;
    }

    /** Whether {@code scmpArch} ({@code SCMP_ARCH_X86_64}, …) is an architecture the library knows. */
    public boolean knowsArchitecture(String scmpArch) {
        return architecture(scmpArch) != 0;
    }

    /** The library and its version, for Status and the log. */
    public String describe() {
        Pointer version = library.seccomp_version();
        return version == null ? "libseccomp"
                : "libseccomp " + version.getInt(0) + "." + version.getInt(4) + "." + version.getInt(8);
    }

    /** The architecture's token, 0 when the name is not {@code SCMP_ARCH_*} of a known one. */
    int architecture(String scmpArch) {
        if (!scmpArch.startsWith(ARCH_PREFIX) || scmpArch.length() == ARCH_PREFIX.length()) {
            return 0;
        }
        return library.seccomp_arch_resolve_name(scmpArch.substring(ARCH_PREFIX.length()).toLowerCase(Locale.ROOT));
    }

    Functions functions() {
        return library;
    }

    LibC libc() {
        return libc;
    }
}
