package dev.orca.image.internal.gc;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The space of the file system a directory lies on (statvfs through the JDK's FileStore). */
public final class FileStoreGauge implements SpaceGauge {

    private final Path directory;

    public FileStoreGauge(Path directory) {
        this.directory = directory;
    }

    @Override
    public FileSystemSpace measure() throws IOException {
        FileStore store = Files.getFileStore(directory);
        return new FileSystemSpace(store.getTotalSpace(), store.getUsableSpace());
    }
}
