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
