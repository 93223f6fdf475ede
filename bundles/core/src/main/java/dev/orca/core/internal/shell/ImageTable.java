package dev.orca.core.internal.shell;

import dev.orca.spi.Image;
import java.util.Comparator;
import java.util.List;

/** {@code orca:images}: one line per stored image, by its first tag; untagged images show their digests. */
final class ImageTable {

    private ImageTable() {
    }

    static String of(List<Image> images) {
        if (images.isEmpty()) {
            return "no images";
        }
        Table table = new Table("IMAGE ID", "TAGS", "SIZE");
        images.stream().sorted(Comparator.comparing(ImageTable::name)).forEach(image -> table.row(
                Cells.shortId(image.id()), name(image), Cells.size(image.sizeBytes())));
        return table.toString();
    }

    private static String name(Image image) {
        if (!image.repoTags().isEmpty()) {
            return Cells.list(image.repoTags());
        }
        return image.repoDigests().isEmpty() ? "<none>" : Cells.list(image.repoDigests());
    }
}
