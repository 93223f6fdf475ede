package dev.orca.storage.overlay.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code l/} directory: a short symbolic link per layer to its {@code diff}, so that a mount's lowerdir list
 * names many layers within one page (as containers/storage does).
 */
final class ShortLinks {

    static final String DIR = "l";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int LENGTH = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ShortLinks.class);

    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    /** @param root the store's root; the links live in {@code <root>/l} */
    ShortLinks(Path root) {
        this.dir = root.resolve(DIR);
    }

    Path dir() {
        return dir;
    }

    /** Creates the directory and deletes links left dangling by an interrupted layer operation. */
    void open() throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> links = Files.newDirectoryStream(dir)) {
            for (Path link : links) {
                if (!Files.exists(link)) {
                    LOG.info("deleting dangling layer link {}", link);
                    Files.deleteIfExists(link);
                }
            }
        }
    }

    /** A new link to {@code diff} (given relative to the store's root); returns its name. */
    String create(String diffRelativeToRoot) throws IOException {
        while (true) {
            String id = newId();
            try {
                Files.createSymbolicLink(dir.resolve(id), Path.of("..").resolve(diffRelativeToRoot));
                return id;
            } catch (FileAlreadyExistsException taken) {
                // another layer has this name: draw again
            }
        }
    }

    /** Makes the link {@code id} again if it is missing (deleted, or a crash between a rename and its link). */
    void ensure(String id, String diffRelativeToRoot) throws IOException {
        Path link = dir.resolve(id);
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("layer link {} was missing; made again", link);
            Files.createSymbolicLink(link, Path.of("..").resolve(diffRelativeToRoot));
        }
    }

    void remove(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(id));
    }

    /** The link's path, as it appears in mount options. */
    Path path(String id) {
        return dir.resolve(id);
    }

    private String newId() {
        StringBuilder id = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
