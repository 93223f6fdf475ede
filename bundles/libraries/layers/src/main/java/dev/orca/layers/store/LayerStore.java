package dev.orca.layers.store;

import dev.orca.layers.LayerUnpacker;
import dev.orca.layers.UnpackedLayer;
import dev.orca.spi.LayerContentException;
import dev.orca.spi.StoredLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Layers by chain ID, each in {@code <layers>/<hex>/}: its content as the driver's {@link Format} lays it out, and
 * the files {@code diff-id}, {@code parent} (absent for a base layer) and {@code size}. A layer is made in the
 * staging area and renamed into place complete, so a layer directory is a complete layer. Different layers are put
 * in parallel; one chain ID is put once, a second caller waiting and then finding it there.
 */
public final class LayerStore {

    /** How a driver lays out one layer's content. */
    @ConsumerType
    public interface Format {

        /**
         * Fills {@code staged}, an empty directory, with the layer from {@code tar}, read to its end: {@link #unpack},
         * then {@link #link}. A format that unpacks a layer on its parent replaces this whole.
         *
         * @param parent the parent layer's directory, null for a base layer; it stays while this runs
         */
        default UnpackedLayer fill(Path staged, String chainId, Path parent, InputStream tar) throws IOException {
            UnpackedLayer unpacked = unpack(staged, tar);
            link(staged, chainId, parent);
            return unpacked;
        }

        /**
         * Whether {@link #fill} splits into {@link #unpack}, which needs no parent, and {@link #link}: then a layer
         * can be unpacked before its parent is stored.
         */
        default boolean unpacksWithoutParent() {
            return false;
        }

        /** The part of {@link #fill} that reads the tar, without the parent. */
        default UnpackedLayer unpack(Path staged, InputStream tar) throws IOException {
            throw new UnsupportedOperationException("this format unpacks a layer on its parent only");
        }

        /** The rest of {@link #fill}, once the parent is stored: {@code parent} is its directory, null for a base. */
        default void link(Path staged, String chainId, Path parent) throws IOException {
            throw new UnsupportedOperationException("this format unpacks a layer on its parent only");
        }

        /** Called before a layer's directory is deleted. */
        default void removing(String chainId, Path layer) throws IOException {
        }

        /** Called when a filled layer is thrown away instead of stored (wrong digest, a failure). */
        default void abandoned(Path staged) throws IOException {
        }
    }

    /** Who else uses a layer (such as a container), described for an error message; empty when nobody. */
    public interface Users {
        Optional<String> userOf(String chainId) throws IOException;
    }

    /** Work done while a layer is held (it cannot be removed meanwhile). */
    public interface Held<T> {
        T run(Path layer) throws IOException;
    }

    static final String DIFF_ID = "diff-id";
    static final String PARENT = "parent";
    static final String SIZE = "size";

    private final Path layers;
    private final StagingArea staging;
    private final KeyedLocks locks;
    private final Format format;

    /**
     * @param layers the directory of the layers, on the staging area's filesystem
     */
    public LayerStore(Path layers, StagingArea staging, KeyedLocks locks, Format format) {
        this.layers = layers;
        this.staging = staging;
        this.locks = locks;
        this.format = format;
    }

    public void open() throws IOException {
        Files.createDirectories(layers);
    }

    public Path directory(String chainId) {
        return layers.resolve(LayerIds.hex("chain ID", chainId));
    }

    /** Whether a complete layer of this chain ID is stored; false for a malformed chain ID. */
    public boolean has(String chainId) {
        try {
            return Files.isDirectory(directory(chainId), LinkOption.NOFOLLOW_LINKS);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Stores a layer (see {@code StorageDriver.putLayer}). */
    public StoredLayer put(String chainId, String parentChainId, String diffId, InputStream tar) throws IOException {
        LayerIds.checkLayer(chainId, parentChainId, diffId);
        return onParent(chainId, parentChainId, () -> {
            if (has(chainId)) {
                checkDigest(chainId, diffId, LayerUnpacker.digest(tar));
                return stored(chainId);
            }
            requireParent(chainId, parentChainId);
            return create(chainId, parentChainId, diffId, tar);
        });
    }

    /** Work that stores a layer. */
    private interface Storing {
        StoredLayer run() throws IOException;
    }

    /** Runs {@code work} holding the layer's write lock and its parent's read lock, so that the parent stays. */
    private StoredLayer onParent(String chainId, String parentChainId, Storing work) throws IOException {
        Lock writing = locks.of(chainId).writeLock();
        Lock parentHeld = parentChainId == null ? null : locks.of(parentChainId).readLock();
        writing.lock();
        try {
            if (parentHeld != null) {
                parentHeld.lock();
            }
            try {
                return work.run();
            } finally {
                if (parentHeld != null) {
                    parentHeld.unlock();
                }
            }
        } finally {
            writing.unlock();
        }
    }

    private void requireParent(String chainId, String parentChainId) throws IOException {
        if (parentChainId != null && !has(parentChainId)) {
            throw new IOException("layer " + chainId + ": its parent layer " + parentChainId + " is not stored");
        }
    }

    private StoredLayer create(String chainId, String parentChainId, String diffId, InputStream tar)
            throws IOException {
        Path staged = staging.create(stagedName(chainId));
        try {
            Path parent = parentChainId == null ? null : directory(parentChainId);
            UnpackedLayer unpacked = format.fill(staged, chainId, parent, tar);
            checkDigest(chainId, diffId, unpacked.diffId());
            return commit(staged, chainId, parentChainId, diffId, unpacked.tarBytes());
        } catch (IOException | RuntimeException | Error e) {
            abandon(staged, e);
            throw e;
        }
    }

    private static String stagedName(String chainId) {
        return "layer-" + LayerIds.hex("chain ID", chainId).substring(0, 12);
    }

    /**
     * Writes a filled layer's records and renames it into place. Its size is its tar's, counted as it was unpacked:
     * a walk of the tree would cost a stat of every file, at the end of a pull.
     */
    private StoredLayer commit(Path staged, String chainId, String parentChainId, String diffId, long size)
            throws IOException {
        Files.writeString(staged.resolve(DIFF_ID), diffId, StandardCharsets.US_ASCII);
        if (parentChainId != null) {
            Files.writeString(staged.resolve(PARENT), parentChainId, StandardCharsets.US_ASCII);
        }
        Files.writeString(staged.resolve(SIZE), Long.toString(size), StandardCharsets.US_ASCII);
        staging.commit(staged, directory(chainId));
        return new StoredLayer(chainId, diffId, size);
    }

    private void abandon(Path staged, Throwable cause) {
        try {
            format.abandoned(staged);
        } catch (IOException | RuntimeException cleanup) {
            cause.addSuppressed(cleanup);
        }
        staging.discard(staged, cause);
    }

    /** Whether {@link #stage} works: the format unpacks a layer without its parent. */
    public boolean stagesWithoutParent() {
        return format.unpacksWithoutParent();
    }

    /**
     * A layer unpacked and checked in staging ahead of its parent (see {@code StorageDriver.stageLayer}), waiting for
     * {@link #putStaged}; {@link #discard} throws it away.
     */
    public static final class Staged {
        private final String chainId;
        private final String diffId;
        private final long tarBytes;
        private Path dir;

        private Staged(String chainId, String diffId, long tarBytes, Path dir) {
            this.chainId = chainId;
            this.diffId = diffId;
            this.tarBytes = tarBytes;
            this.dir = dir;
        }

        public String chainId() {
            return chainId;
        }

        /** The staged directory until the layer is stored or discarded, then null. */
        synchronized Path take() {
            Path taken = dir;
            dir = null;
            return taken;
        }
    }

    /** Unpacks a layer into staging without its parent (see {@code StorageDriver.stageLayer}). */
    public Staged stage(String chainId, String diffId, InputStream tar) throws IOException {
        if (!format.unpacksWithoutParent()) {
            throw new UnsupportedOperationException("this store unpacks a layer on its parent only");
        }
        LayerIds.hex("chain ID", chainId);
        LayerIds.hex("diff ID of layer " + chainId, diffId);
        Path staged = staging.create(stagedName(chainId));
        try {
            UnpackedLayer unpacked = format.unpack(staged, tar);
            checkDigest(chainId, diffId, unpacked.diffId());
            return new Staged(chainId, diffId, unpacked.tarBytes(), staged);
        } catch (IOException | RuntimeException | Error e) {
            abandon(staged, e);
            throw e;
        }
    }

    /**
     * Stores a staged layer on its parent, which must be stored by now (see {@code StorageDriver.putStagedLayer});
     * the staged layer is used up either way.
     */
    public StoredLayer putStaged(Staged layer, String parentChainId) throws IOException {
        Path staged = layer.take();
        if (staged == null) {
            throw new IllegalStateException("layer " + layer.chainId() + " was staged once and is used up");
        }
        String chainId = layer.chainId();
        return onParent(chainId, parentChainId, () -> {
            try {
                LayerIds.checkLayer(chainId, parentChainId, layer.diffId);
                if (has(chainId)) {
                    abandon(staged, new IOException("layer " + chainId + " was stored meanwhile"));
                    return stored(chainId);
                }
                requireParent(chainId, parentChainId);
                format.link(staged, chainId, parentChainId == null ? null : directory(parentChainId));
                return commit(staged, chainId, parentChainId, layer.diffId, layer.tarBytes);
            } catch (IOException | RuntimeException | Error e) {
                if (Files.exists(staged)) {
                    abandon(staged, e);
                }
                throw e;
            }
        });
    }

    /** Throws a staged layer away unless it was stored; a failure is logged by the staging area. */
    public void discard(Staged layer) {
        Path staged = layer.take();
        if (staged != null) {
            abandon(staged, new IOException("layer " + layer.chainId() + " staged and not stored"));
        }
    }

    private static void checkDigest(String chainId, String diffId, String actual) throws LayerContentException {
        if (!actual.equals(diffId)) {
            throw new LayerContentException("layer " + chainId + ": the stream's digest " + actual
                    + " does not match its diff ID " + diffId);
        }
    }

    /** A stored layer's record. */
    public StoredLayer stored(String chainId) throws IOException {
        Path dir = directory(chainId);
        String diffId = Files.readString(dir.resolve(DIFF_ID), StandardCharsets.US_ASCII).strip();
        long size = Long.parseLong(Files.readString(dir.resolve(SIZE), StandardCharsets.US_ASCII).strip());
        return new StoredLayer(chainId, diffId, size);
    }

    /** A stored layer's parent, empty for a base layer. */
    public Optional<String> parent(String chainId) throws IOException {
        Path file = directory(chainId).resolve(PARENT);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }

    /** The chain IDs of the stored layers. */
    public List<String> list() throws IOException {
        List<String> chainIds = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layers)) {
            for (Path dir : dirs) {
                String chainId = "sha256:" + dir.getFileName();
                if (has(chainId)) {
                    chainIds.add(chainId);
                }
            }
        }
        return chainIds;
    }

    /**
     * Removes a layer unless another layer stands on it or {@code users} name something else using it (such as a
     * container); nothing happens when it is absent.
     */
    public void remove(String chainId, Users users) throws IOException {
        LayerIds.hex("chain ID", chainId);
        Lock writing = locks.of(chainId).writeLock();
        writing.lock();
        try {
            if (!has(chainId)) {
                return;
            }
            for (String other : list()) {
                if (parent(other).filter(chainId::equals).isPresent()) {
                    throw new IOException("layer " + chainId + " cannot be removed: layer " + other
                            + " stands on it");
                }
            }
            Optional<String> using = users.userOf(chainId);
            if (using.isPresent()) {
                throw new IOException("layer " + chainId + " cannot be removed: " + using.get() + " uses it");
            }
            Path dir = directory(chainId);
            format.removing(chainId, dir);
            staging.trash(dir);
        } finally {
            writing.unlock();
        }
    }

    /** Runs {@code work} on a stored layer, which cannot be removed meanwhile. */
    public <T> T holding(String chainId, Held<T> work) throws IOException {
        Lock reading = locks.of(chainId).readLock();
        reading.lock();
        try {
            if (!has(chainId)) {
                throw new IOException("layer " + chainId + " is not stored");
            }
            return work.run(directory(chainId));
        } finally {
            reading.unlock();
        }
    }
}
