package dev.orca.image.internal.gc;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The space of the file system a directory lies on (statvfs through the JDK's FileStore). The FileStore is found
 * once: finding it reads the whole mount table, which on a node with 200 containers (some 800 mounts) was most of
 * what a metrics scrape cost; asking a found one for its space is one statvfs of the directory, so it always tells
 * the file system mounted there now.
 */
public final class FileStoreGauge implements SpaceGauge {

    private final Path directory;
    private volatile FileStore store;

    public FileStoreGauge(Path directory) {
        this.directory = directory;
    }

    @Override
    public FileSystemSpace measure() throws IOException {
        FileStore found = store;
        if (found == null) {
            found = Files.getFileStore(directory);
            store = found;
        }
        try {
            return new FileSystemSpace(found.getTotalSpace(), found.getUsableSpace());
        } catch (IOException e) {
            store = null; // the directory went away, say: found again at the next look
            throw e;
        }
    }
}
