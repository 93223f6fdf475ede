package dev.orca.image.internal;

import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import dev.orca.spi.StorageDriver;
import dev.orca.spi.StorageUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;

/**
 * Space the image store uses (its catalog and the driver's layers), computed at most every few seconds: the
 * kubelet asks often, and walking the layers is not free.
 */
final class UsageCache {

    interface DriverSupplier {
        StorageDriver get() throws ImageException;
    }

    private static final long MAX_AGE_NANOS = 5_000_000_000L;

    private final Path root;
    private final DriverSupplier driver;
    private volatile StorageUsage cached;
    private volatile long computedAt;

    UsageCache(Path root, DriverSupplier driver) {
        this.root = root;
        this.driver = driver;
    }

    StorageUsage get() throws ImageException {
        StorageUsage now = cached;
        if (now != null && System.nanoTime() - computedAt < MAX_AGE_NANOS) {
            return now;
        }
        try {
            StorageUsage layers = driver.get().usage();
            AtomicLong bytes = new AtomicLong(layers.usedBytes());
            AtomicLong inodes = new AtomicLong(layers.inodesUsed());
            // A file or directory removed while walking (a pull's scratch, a layer being removed) is skipped: the
            // walk goes on rather than failing the whole figure.
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    inodes.incrementAndGet();
                    bytes.addAndGet(attributes.size());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    inodes.incrementAndGet();
                    bytes.addAndGet(attributes.size());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException vanished) {
                    return FileVisitResult.CONTINUE;
                }
            });
            cached = new StorageUsage(root, bytes.get(), inodes.get());
            computedAt = System.nanoTime();
            return cached;
        } catch (IOException e) {
            throw new ImageException(Kind.FAILED, "cannot measure the image store at " + root + ": " + e.getMessage(),
                    e);
        }
    }
}
