package dev.orca.layers;

import dev.orca.os.DeviceNodes;
import dev.orca.os.DeviceNumber;
import dev.orca.os.ExtendedAttributes;
import dev.orca.os.FileTrees;
import dev.orca.os.NodeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Whiteouts as overlayfs reads them in a lower directory: a hidden name is a character device 0/0, an opaque
 * directory carries {@code trusted.overlay.opaque=y}. The layer's directory holds this layer alone.
 */
public final class OverlayWhiteouts implements WhiteoutTreatment {

    public static final String OPAQUE_XATTR = "trusted.overlay.opaque";

    private final DeviceNodes nodes;
    private final ExtendedAttributes xattrs;

    public OverlayWhiteouts(DeviceNodes nodes, ExtendedAttributes xattrs) {
        this.nodes = nodes;
        this.xattrs = xattrs;
    }

    @Override
    public void hide(Path path) throws IOException {
        FileTrees.delete(path);
        nodes.mknod(path, NodeType.CHARACTER_DEVICE, 0, DeviceNumber.NONE);
    }

    @Override
    public void makeOpaque(Path dir, Predicate<Path> ofThisLayer) throws IOException {
        xattrs.set(dir, OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
    }
}
