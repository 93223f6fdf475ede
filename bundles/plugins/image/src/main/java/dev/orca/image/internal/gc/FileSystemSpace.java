package dev.orca.image.internal.gc;

/**
 * Size and free space of the file system the image store lies on.
 *
 * @param sizeBytes its total size
 * @param availableBytes bytes still free for Orca (the kernel's f_bavail)
 */
public record FileSystemSpace(long sizeBytes, long availableBytes) {

    /** Percent of the file system in use, as {@code df} counts it. */
    public double usedPercent() {
        return sizeBytes <= 0 ? 0 : 100.0 * (sizeBytes - availableBytes) / sizeBytes;
    }

    /** The space once {@code bytes} more are free. */
    FileSystemSpace freeing(long bytes) {
        return new FileSystemSpace(sizeBytes, Math.min(sizeBytes, availableBytes + bytes));
    }

    @Override
    public String toString() {
        return String.format("%.1f%% used, %d bytes free of %d", usedPercent(), availableBytes, sizeBytes);
    }
}
