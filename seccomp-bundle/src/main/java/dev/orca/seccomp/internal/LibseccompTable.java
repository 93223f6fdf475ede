package dev.orca.seccomp.internal;

import dev.orca.seccomp.bpf.Libseccomp;

/** The node's libseccomp (the shared library's binding) as the table profiles are checked against. */
final class LibseccompTable implements SyscallTable {

    private final Libseccomp library;

    private LibseccompTable(Libseccomp library) {
        this.library = library;
    }

    /** @throws IllegalStateException naming the package when libseccomp is not installed */
    static LibseccompTable load() {
        return new LibseccompTable(Libseccomp.load());
    }

    @Override
    public boolean knowsSyscall(String name) {
        return library.knowsSyscall(name);
    }

    @Override
    public boolean knowsArchitecture(String scmpArch) {
        return library.knowsArchitecture(scmpArch);
    }

    @Override
    public String describe() {
        return library.describe();
    }
}
