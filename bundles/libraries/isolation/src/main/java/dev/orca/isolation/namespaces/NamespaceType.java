package dev.orca.isolation.namespaces;

/** The namespaces a pod shares between its containers, with the file each is pinned on. */
public enum NamespaceType {
    NET("net"),
    IPC("ipc"),
    UTS("uts"),
    PID("pid");

    private final String fileName;

    NamespaceType(String fileName) {
        this.fileName = fileName;
    }

    /** The name of the pinned file in the pod's directory, also the kernel's name ({@code /proc/PID/ns/NAME}). */
    public String fileName() {
        return fileName;
    }

    /** The {@code unshare}/{@code nsenter} option that creates or enters this namespace through a file. */
    String option(java.nio.file.Path file) {
        return "--" + fileName + "=" + file;
    }
}
