package dev.orca.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tests against the real kernel need root (mount, mknod, trusted.* attributes). */
final class RootOnly {

    private RootOnly() {
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
