package dev.orca.spi;

import java.nio.file.Path;

/**
 * Space a store uses.
 *
 * @param mountpoint the directory of the store (the kubelet reports the filesystem it lies on)
 * @param usedBytes bytes used by the store's files
 * @param inodesUsed files and directories the store holds
 */
public record StorageUsage(Path mountpoint, long usedBytes, long inodesUsed) {

    public static StorageUsage none(Path mountpoint) {
        return new StorageUsage(mountpoint, 0, 0);
    }
}
