package dev.orca.layers;

import dev.orca.os.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whiteouts applied to a full copy of the lower layers: a hidden name is deleted, an opaque directory loses every
 * entry that did not come from this layer (at any depth).
 */
public final class VfsWhiteouts implements WhiteoutTreatment {

    @Override
    public void hide(Path path) throws IOException {
        FileTrees.delete(path);
    }

    @Override
    public void makeOpaque(Path dir, Predicate<Path> ofThisLayer) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(children::add);
        }
        for (Path child : children) {
            if (!ofThisLayer.test(child)) {
                FileTrees.delete(child);
            } else {
                makeOpaque(child, ofThisLayer);
            }
        }
    }
}
