package dev.orca.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Stores image layers and makes containers' root filesystems from them.
 *
 * <p>Layers are named by their chain ID (the OCI image spec's: the diff ID of a base layer; for a layer on a
 * parent, {@code sha256(parentChainId + " " + diffId)}), so one name always means the same stack of content.
 * Every operation is atomic as seen from outside: a layer or root filesystem is there complete, or not at all,
 * also after a crash. Register one service per driver with {@link #DRIVER} set to its name.
 */
@ProviderType
public interface StorageDriver {

    /** Service property: the driver's name, such as {@code overlay} or {@code vfs}. */
    String DRIVER = "orca.storage.driver";

    /** The driver's name, as in {@link #DRIVER}. */
    String name();

    /** Whether a complete layer of this chain ID is stored. */
    boolean hasLayer(String chainId);

    /**
     * Stores a layer from its uncompressed tar stream on top of {@code parentChainId} (null for a base layer), reading
     * the stream to its end. The sha256 of the stream's bytes must equal {@code diffId}; entries that would write
     * outside the layer are refused. Whiteouts and opaque directories are translated to the driver's own form.
     * Storing a layer that is already there reads and discards the stream.
     *
     * @throws LayerContentException the content is refused (digest mismatch, an escaping entry, a malformed tar);
     *     nothing of the layer remains
     * @throws IOException the layer could not be written; nothing of it remains
     */
    StoredLayer putLayer(String chainId, String parentChainId, String diffId, InputStream tar) throws IOException;

    /**
     * Whether {@link #stageLayer} works: the driver's layers do not need their parent's content to be unpacked (an
     * overlay layer is a directory of its own; a vfs layer starts as a copy of its parent, so vfs cannot). Then a
     * pull unpacks an image's layers side by side and stores them in order.
     */
    default boolean stagesLayersAheadOfParents() {
        return false;
    }

    /**
     * Unpacks a layer from its uncompressed tar stream, reading it to its end, before its parent is stored, with the
     * checks of {@link #putLayer} (the digest, escaping entries, a malformed tar). Nothing is stored yet: the caller
     * stores it with {@link #putStagedLayer} once the parent is, or closes it.
     *
     * @throws UnsupportedOperationException the driver does not {@link #stagesLayersAheadOfParents()}
     * @throws LayerContentException the content is refused; nothing of it remains
     * @throws IOException it could not be written; nothing of it remains
     */
    default StagedLayer stageLayer(String chainId, String diffId, InputStream tar) throws IOException {
        throw new UnsupportedOperationException("storage driver " + name() + " stores a layer on its parent only");
    }

    /**
     * Stores a staged layer on {@code parentChainId} (null for a base layer), which must be stored by now; a layer of
     * its chain ID stored meanwhile is kept and the staged one thrown away. Either way the staged layer is used up.
     *
     * @throws IOException it could not be stored (its parent is not stored, say); nothing of it remains
     */
    default StoredLayer putStagedLayer(StagedLayer layer, String parentChainId) throws IOException {
        throw new UnsupportedOperationException("storage driver " + name() + " stores a layer on its parent only");
    }

    /** Removes a layer; nothing happens when it is absent. A layer another layer stands on must not be removed. */
    void removeLayer(String chainId) throws IOException;

    /** The chain IDs of every complete layer stored. */
    List<String> layers() throws IOException;

    /**
     * Makes a container's root filesystem: a writable layer on top of {@code topChainId} (null for an empty root),
     * mounted and ready to use at the returned path. Idempotent for the same container.
     */
    Path createRootFs(String containerId, String topChainId) throws IOException;

    /** Mounts a container's existing root filesystem again (after a reboot or an unmount); returns where. */
    Path mountRootFs(String containerId) throws IOException;

    /** Unmounts a container's root filesystem, keeping its writable layer; idempotent. */
    void unmountRootFs(String containerId) throws IOException;

    /** Unmounts and deletes a container's root filesystem and its writable layer; idempotent. */
    void removeRootFs(String containerId) throws IOException;

    /** Bytes and inodes the container's writable layer uses; zero for an unknown container. */
    StorageUsage writableLayerUsage(String containerId) throws IOException;

    /** Bytes and inodes the driver's store uses, and the filesystem it is on. */
    StorageUsage usage() throws IOException;
}
