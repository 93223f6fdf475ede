package dev.orca.layers.testing;

import dev.orca.os.Linux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory overlayfs accepts for upper and work directories. On this project's machines the temporary directory
 * lies on ext4, which it does; where it lies on overlayfs itself (a container's root), a tmpfs is mounted inside it.
 * Callers detach what is mounted under the temporary directory when they finish.
 */
public final class ScratchFilesystem {

    private ScratchFilesystem() {
    }

    public static Path forOverlay(Path tmp) throws IOException {
        if (!Files.getFileStore(tmp).type().equals("overlay")) {
            return tmp;
        }
        Path fs = Files.createDirectories(tmp.resolve("tmpfs"));
        Linux.mounts().mount("tmpfs", fs, "tmpfs", 0, "mode=0755");
        return fs;
    }
}
