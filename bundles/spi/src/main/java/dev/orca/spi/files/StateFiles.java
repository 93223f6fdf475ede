package dev.orca.spi.files;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a state file whole or not at all: the content goes to a temporary file beside it ({@code NAME.tmp}),
 * which is flushed to the disk and renamed over the file, and the directory is flushed so that the rename survives
 * a power cut. A write that fails midway (a full disk, an exception of the caller's) removes the temporary file and
 * leaves the old file as it was. Writers of one file must not run at the same time (they share the temporary name,
 * so that one left by a crash is reused rather than piling up).
 *
 * <p>{@link #replaceUnflushed} is the same without the two flushes, for files that a power cut may take back to
 * their previous content, or away, without harm: those under the run root, which a reboot ends anyway (a handler's
 * bundles and records: what they describe does not survive the reboot either), and hints such as an image's last
 * use. A killed daemon loses nothing either way: the kernel keeps what was written; the flushes only matter when the
 * machine itself goes down.
 */
public final class StateFiles {

    /** Content written to a stream, such as a Jackson {@code writeValue} (which closes it: that is harmless). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private StateFiles() {
    }

    /** Replaces {@code target} with {@code bytes}. */
    public static void replace(Path target, byte[] bytes) throws IOException {
        replace(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with what {@code content} writes. */
    public static void replace(Path target, Content content) throws IOException {
        write(target, content, true);
    }

    /** Replaces {@code target} with {@code bytes}, whole or not at all, without flushing (see above). */
    public static void replaceUnflushed(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes), false);
    }

    private static void write(Path target, Content content, boolean flush) throws IOException {
        Path file = target.toAbsolutePath();
        Path temporary = temporaryOf(file);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(unclosable(Channels.newOutputStream(channel)));
                if (flush) {
                    channel.force(true);
                }
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        if (flush) {
            syncDirectory(file.getParent());
        }
    }

    /** The stream, whose close (Jackson closes what it writes to) leaves the file open for the flush. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() {
            }
        };
    }

    /** The temporary file a replacement of {@code target} writes first. */
    public static Path temporaryOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    /** Flushes a directory's entries (a rename, a new or deleted file in it) to the disk. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
