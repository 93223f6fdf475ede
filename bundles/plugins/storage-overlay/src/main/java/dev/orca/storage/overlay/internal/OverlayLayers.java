package dev.orca.storage.overlay.internal;

import dev.orca.layers.LayerUnpacker;
import dev.orca.layers.UnpackedLayer;
import dev.orca.layers.store.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer as overlayfs uses it: {@code diff/} holds this layer's entries alone (whiteouts as overlay markers),
 * {@code link} the name of its short link in {@code l/}, and {@code lower} the short links of its parents, the
 * nearest first ({@code l/ID:l/ID}), so that a mount's lowerdir list is read from one file.
 */
final class OverlayLayers implements LayerStore.Format {

    static final String DIFF = "diff";
    static final String LINK = "link";
    static final String LOWER = "lower";

    private final Path root;
    private final ShortLinks links;
    private final LayerUnpacker unpacker;

    OverlayLayers(Path root, ShortLinks links, LayerUnpacker unpacker) {
        this.root = root;
        this.links = links;
        this.unpacker = unpacker;
    }

    /** Opens the short links' directory. */
    void open() throws IOException {
        links.open();
    }

    /** A layer's content is its own {@code diff/}: it is unpacked before its parent is stored, when a pull can. */
    @Override
    public boolean unpacksWithoutParent() {
        return true;
    }

    @Override
    public UnpackedLayer unpack(Path staged, InputStream tar) throws IOException {
        Path diff = Files.createDirectory(staged.resolve(DIFF));
        return unpacker.unpack(tar, diff);
    }

    /** The chain below as short links ({@code lower}), and the layer's own short link ({@code link}). */
    @Override
    public void link(Path staged, String chainId, Path parent) throws IOException {
        String lower = parent == null ? "" : ShortLinks.DIR + "/" + read(parent, LINK) + lowerSuffix(parent);
        Files.writeString(staged.resolve(LOWER), lower, StandardCharsets.US_ASCII);
        String id = links.create(diffRelativeToRoot(chainId));
        Files.writeString(staged.resolve(LINK), id, StandardCharsets.US_ASCII);
    }

    @Override
    public void abandoned(Path staged) throws IOException {
        Path link = staged.resolve(LINK);
        if (Files.exists(link)) {
            links.remove(Files.readString(link, StandardCharsets.US_ASCII).strip());
        }
    }

    @Override
    public void removing(String chainId, Path layer) throws IOException {
        links.remove(read(layer, LINK));
    }

    /**
     * The lower directories of a root filesystem on the layer {@code chainId} (stored in {@code layer}), topmost
     * first, as paths of short links; a missing link is made again from the chain's {@code parent} files.
     */
    List<Path> lowerDirs(String chainId, Path layer, ParentLookup parents) throws IOException {
        List<Path> lowers = new ArrayList<>();
        lowers.add(links.path(read(layer, LINK)));
        String lower = read(layer, LOWER);
        if (!lower.isEmpty()) {
            for (String entry : lower.split(":")) {
                lowers.add(root.resolve(entry));
            }
        }
        if (lowers.stream().anyMatch(p -> !Files.exists(p, LinkOption.NOFOLLOW_LINKS))) {
            repair(chainId, parents);
        }
        return lowers;
    }

    private void repair(String chainId, ParentLookup parents) throws IOException {
        for (String current = chainId; current != null; current = parents.parent(current)) {
            links.ensure(read(parents.directory(current), LINK), diffRelativeToRoot(current));
        }
    }

    /** The store's answers about the chain, for repairs. */
    interface ParentLookup {
        String parent(String chainId) throws IOException;

        Path directory(String chainId);
    }

    private static String lowerSuffix(Path parent) throws IOException {
        String parentLower = read(parent, LOWER);
        return parentLower.isEmpty() ? "" : ":" + parentLower;
    }

    private static String diffRelativeToRoot(String chainId) {
        return "layers/" + chainId.substring("sha256:".length()) + "/" + DIFF;
    }

    private static String read(Path layer, String file) throws IOException {
        return Files.readString(layer.resolve(file), StandardCharsets.US_ASCII).strip();
    }
}
