package dev.orca.core.internal.cri;

import dev.orca.spi.Image;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageStore;
import dev.orca.spi.RegistryCredentials;
import dev.orca.spi.StorageUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An image store of one image whose root filesystems are plain directories under {@code root}; it remembers which
 * are "mounted", and an unmount can be made to fail.
 */
final class DirectoryRootfs implements ImageStore {

    private final Path root;
    private final Image image;
    final Set<String> mounted = ConcurrentHashMap.newKeySet();
    /** The containers whose root filesystem it was asked to remove, in order. */
    final List<String> removed = new CopyOnWriteArrayList<>();
    volatile boolean unmountFails;

    DirectoryRootfs(Path root, Image image) {
        this.root = root;
        this.image = image;
    }

    Path rootfs(String containerId) {
        return root.resolve("rootfs").resolve(containerId);
    }

    @Override
    public Optional<Image> find(String reference) {
        return Optional.of(image);
    }

    @Override
    public Path createRootFs(String containerId, Image image) {
        try {
            Path dir = Files.createDirectories(rootfs(containerId));
            mounted.add(containerId);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path mountRootFs(String containerId) {
        mounted.add(containerId);
        return rootfs(containerId);
    }

    @Override
    public void unmountRootFs(String containerId) throws ImageException {
        if (unmountFails) {
            throw new ImageException(ImageException.Kind.FAILED, "umount2(" + rootfs(containerId)
                    + "): Device or resource busy");
        }
        mounted.remove(containerId);
    }

    @Override
    public void removeRootFs(String containerId) {
        removed.add(containerId);
        mounted.remove(containerId);
        try {
            Files.deleteIfExists(rootfs(containerId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Image pull(String reference, RegistryCredentials credentials, String namespace) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Image> list() {
        return List.of(image);
    }

    @Override
    public boolean remove(String reference) {
        throw new UnsupportedOperationException();
    }

    @Override
    public StorageUsage usage() {
        throw new UnsupportedOperationException();
    }

    @Override
    public StorageUsage writableLayerUsage(String containerId) {
        throw new UnsupportedOperationException();
    }
}
