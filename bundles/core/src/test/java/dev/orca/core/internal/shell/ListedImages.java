package dev.orca.core.internal.shell;

import dev.orca.spi.Image;
import dev.orca.spi.ImageStore;
import dev.orca.spi.RegistryCredentials;
import dev.orca.spi.StorageUsage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** An image store that only lists and finds (by ID or tag) the images it was given: all the shell reads. */
final class ListedImages implements ImageStore {

    private final List<Image> images;

    ListedImages(Image... images) {
        this.images = List.of(images);
    }

    @Override
    public List<Image> list() {
        return images;
    }

    @Override
    public Optional<Image> find(String reference) {
        return images.stream().filter(i -> i.id().equals(reference) || i.repoTags().contains(reference)).findFirst();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the shell only reads the image store");
    }

    @Override
    public Image pull(String reference, RegistryCredentials credentials, String namespace) {
        throw readOnly();
    }

    @Override
    public boolean remove(String reference) {
        throw readOnly();
    }

    @Override
    public StorageUsage usage() {
        throw readOnly();
    }

    @Override
    public Path createRootFs(String containerId, Image image) {
        throw readOnly();
    }

    @Override
    public Path mountRootFs(String containerId) {
        throw readOnly();
    }

    @Override
    public void unmountRootFs(String containerId) {
        throw readOnly();
    }

    @Override
    public void removeRootFs(String containerId) {
        throw readOnly();
    }

    @Override
    public StorageUsage writableLayerUsage(String containerId) {
        throw readOnly();
    }
}
