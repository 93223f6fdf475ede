package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import dev.orca.cri.v1.FilesystemIdentifier;
import dev.orca.cri.v1.FilesystemUsage;
import dev.orca.cri.v1.ImageFilter;
import dev.orca.cri.v1.ImageFsInfoResponse;
import dev.orca.cri.v1.ImageStatusRequest;
import dev.orca.cri.v1.ImageStatusResponse;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.PullImageResponse;
import dev.orca.cri.v1.UInt64Value;
import dev.orca.spi.Image;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageStore;
import dev.orca.spi.RegistryCredentials;
import dev.orca.spi.StorageUsage;
import java.util.List;
import java.util.function.Supplier;

/** The CRI image calls on top of the deployed {@link ImageStore}; no protobuf below this class. */
final class ImageCalls {

    private final Supplier<ImageStore> store;
    private final java.util.function.Function<String, java.util.Optional<String>> userOf;

    /**
     * @param store the deployed image store, or null when none is
     * @param userOf a container that uses an image ID, if any
     */
    ImageCalls(Supplier<ImageStore> store, java.util.function.Function<String, java.util.Optional<String>> userOf) {
        this.store = store;
        this.userOf = userOf;
    }

    private ImageStore store() {
        ImageStore deployed = store.get();
        if (deployed == null) {
            throw new CriFailure(Kind.UNAVAILABLE, "no image store is deployed: install the image feature");
        }
        return deployed;
    }

    PullImageResponse pull(PullImageRequest request) {
        String reference = request.getImage().getImage();
        if (reference.isBlank()) {
            throw new CriFailure(Kind.INVALID, "PullImage: the image reference is empty");
        }
        var auth = request.getAuth();
        RegistryCredentials credentials = new RegistryCredentials(auth.getUsername(), auth.getPassword(),
                auth.getAuth(), auth.getServerAddress(), auth.getIdentityToken(), auth.getRegistryToken());
        try {
            // The pod's namespace picks a per-namespace image policy, where the policy bundle has one.
            String namespace = request.getSandboxConfig().getMetadata().getNamespace();
            Image image = store().pull(reference, credentials, namespace);
            return PullImageResponse.newBuilder().setImageRef(image.id()).build();
        } catch (ImageException e) {
            throw CriFailure.from(e);
        }
    }

    List<dev.orca.cri.v1.Image> list(ImageFilter filter) {
        String wanted = filter.getImage().getImage();
        List<Image> images = wanted.isBlank() ? store().list() : store().find(wanted).stream().toList();
        return images.stream().map(ImageMessages::toMessage).toList();
    }

    ImageStatusResponse status(ImageStatusRequest request) {
        String reference = request.getImage().getImage();
        if (reference.isBlank()) {
            throw new CriFailure(Kind.INVALID, "ImageStatus: the image reference is empty");
        }
        ImageStatusResponse.Builder response = ImageStatusResponse.newBuilder();
        store().find(reference).ifPresent(image -> {
            response.setImage(ImageMessages.toMessage(image));
            if (request.getVerbose()) {
                response.putAllInfo(ImageInfo.of(image));
            }
        });
        return response.build();
    }

    void remove(String reference) {
        if (reference.isBlank()) {
            throw new CriFailure(Kind.INVALID, "RemoveImage: the image reference is empty");
        }
        try {
            var image = store().find(reference);
            var user = image.flatMap(i -> userOf.apply(i.id()));
            if (user.isPresent()) {
                throw new CriFailure(Kind.FAILED_PRECONDITION, "image \"" + reference + "\" is in use by container "
                        + user.get());
            }
            store().remove(reference);
        } catch (ImageException e) {
            throw CriFailure.from(e);
        }
    }

    ImageFsInfoResponse fsInfo() {
        try {
            StorageUsage usage = store().usage();
            return ImageFsInfoResponse.newBuilder().addImageFilesystems(FilesystemUsage.newBuilder()
                    .setTimestamp(System.currentTimeMillis() * 1_000_000L)
                    .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(usage.mountpoint().toString()))
                    .setUsedBytes(UInt64Value.newBuilder().setValue(usage.usedBytes()))
                    .setInodesUsed(UInt64Value.newBuilder().setValue(usage.inodesUsed())))
                    .build();
        } catch (ImageException e) {
            throw CriFailure.from(e);
        }
    }
}
