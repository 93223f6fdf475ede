package dev.orca.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small ext4 file system in a file, loop-mounted: space no other process on the machine writes to, so that the
 * free bytes a test reads are the ones the daemon sees. Unmounted and deleted on close, lazily if still busy.
 */
final class LoopFileSystem implements AutoCloseable {

    private final Path image;
    private final Path mountpoint;

    private LoopFileSystem(Path image, Path mountpoint) {
        this.image = image;
        this.mountpoint = mountpoint;
    }

    static LoopFileSystem mount(Path dir, long bytes) throws IOException, InterruptedException {
        return mount(dir, bytes, 5);
    }

    /**
     * With {@code reservedPercent} of the blocks kept for privileged writers (ext4's default is 5): with 0, a disk an
     * unprivileged container fills is full for the daemon too.
     */
    static LoopFileSystem mount(Path dir, long bytes, int reservedPercent) throws IOException, InterruptedException {
        Path image = dir.resolve("loop.ext4");
        Path mountpoint = Files.createDirectories(dir.resolve("loop"));
        run("truncate", "-s", Long.toString(bytes), image.toString());
        run("mkfs.ext4", "-q", "-F", "-m", Integer.toString(reservedPercent), image.toString());
        run("mount", "-o", "loop", image.toString(), mountpoint.toString());
        return new LoopFileSystem(image, mountpoint);
    }

    Path path() {
        return mountpoint;
    }

    /** Bytes free for an unprivileged writer, as statvfs's f_bavail (what the daemon reads). */
    long availableBytes() throws IOException {
        return Files.getFileStore(mountpoint).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run("umount", mountpoint.toString());
        } catch (IOException busy) {
            run("umount", "-l", mountpoint.toString());
        } finally {
            Files.deleteIfExists(image);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
