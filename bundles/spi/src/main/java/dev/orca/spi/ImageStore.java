package dev.orca.spi;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Pulls images from registries and keeps them: the CRI ImageService's work, and the images containers start from.
 *
 * <p>Images are found by ID ({@code sha256:} of their config), by a tag reference ({@code busybox},
 * {@code registry:5000/app:1}), or by a digest reference ({@code repo@sha256:...}), or by a unique prefix of the ID.
 */
@ProviderType
public interface ImageStore {

    /**
     * Pulls an image: resolves the reference (short names through the unqualified-search registries), asks the
     * image policy, downloads and verifies every byte, and stores it. Pulling an image already present refreshes its
     * tag and downloads nothing that is stored. Concurrent pulls of one image do the work once.
     *
     * @param credentials null for anonymous access
     * @param namespace the Kubernetes namespace of the pod the image is pulled for (PullImage's sandbox config),
     *     empty when none is named; the image policy may hold a stricter policy for it
     * @throws ImageException of kind {@link ImageException.Kind#REFUSED} when the image policy refuses the image
     */
    Image pull(String reference, RegistryCredentials credentials, String namespace) throws ImageException;

    /** A pull for no particular pod: {@link #pull(String, RegistryCredentials, String)} with no namespace. */
    default Image pull(String reference, RegistryCredentials credentials) throws ImageException {
        return pull(reference, credentials, "");
    }

    /** Every stored image, each marked {@link Image#pinned() pinned} as the configuration says now. */
    List<Image> list();

    /** The image an ID, ID prefix, tag or digest reference names, if stored. */
    Optional<Image> find(String reference);

    /**
     * Removes the image a reference names with all its tags and digests, and the layers no other image uses.
     *
     * @return false when no such image is stored (removing is idempotent)
     */
    boolean remove(String reference) throws ImageException;

    /** Space the image store (metadata and layers) uses. */
    StorageUsage usage() throws ImageException;

    /**
     * Makes a container's root filesystem from a stored image (a writable layer on its top layer, through the
     * storage driver) and mounts it; returns where. Idempotent for the same container. Counts as a use of the image
     * for image garbage collection, which removes the least recently used images first.
     */
    java.nio.file.Path createRootFs(String containerId, Image image) throws ImageException;

    /** Mounts a container's existing root filesystem again (after a reboot); returns where. */
    java.nio.file.Path mountRootFs(String containerId) throws ImageException;

    /**
     * Unmounts a container's root filesystem, keeping its writable layer: done when the container has stopped, as
     * containerd's shim and CRI-O do, so that removing it later only deletes. Idempotent, also for a container without
     * a root filesystem.
     */
    void unmountRootFs(String containerId) throws ImageException;

    /** Unmounts and deletes a container's root filesystem and writable layer; idempotent. */
    void removeRootFs(String containerId) throws ImageException;

    /** Bytes and inodes of a container's writable layer. */
    StorageUsage writableLayerUsage(String containerId) throws ImageException;
}
