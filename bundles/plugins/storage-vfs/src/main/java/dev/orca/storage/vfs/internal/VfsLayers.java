package dev.orca.storage.vfs.internal;

import dev.orca.layers.LayerUnpacker;
import dev.orca.layers.UnpackedLayer;
import dev.orca.layers.store.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A layer as a full tree: {@code rootfs/} is a copy of the parent's with this layer's tar applied to it. */
final class VfsLayers implements LayerStore.Format {

    static final String ROOTFS = "rootfs";

    private final TreeCopy copy;
    private final LayerUnpacker unpacker;

    VfsLayers(TreeCopy copy, LayerUnpacker unpacker) {
        this.copy = copy;
        this.unpacker = unpacker;
    }

    @Override
    public UnpackedLayer fill(Path staged, String chainId, Path parent, InputStream tar) throws IOException {
        Path rootfs = staged.resolve(ROOTFS);
        if (parent == null) {
            Files.createDirectory(rootfs);
            Files.setAttribute(rootfs, "unix:mode", 0755);
        } else {
            copy.copy(parent.resolve(ROOTFS), rootfs);
        }
        return unpacker.unpack(tar, rootfs);
    }
}
