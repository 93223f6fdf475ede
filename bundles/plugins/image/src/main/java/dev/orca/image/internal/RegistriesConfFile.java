package dev.orca.image.internal;

import dev.orca.image.internal.config.RegistriesConf;
import dev.orca.spi.ImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * registries.conf as the file says now: read again when it changes; while it is malformed, the last good version
 * stays in force and the error is logged once.
 */
final class RegistriesConfFile {

    private static final Logger LOG = LoggerFactory.getLogger(RegistriesConfFile.class);

    private final Path path;
    private RegistriesConf current = RegistriesConf.EMPTY;
    private FileTime readAt;

    RegistriesConfFile(Path path) {
        this.path = path;
    }

    synchronized RegistriesConf current() throws ImageException {
        try {
            if (!Files.isRegularFile(path)) {
                current = RegistriesConf.EMPTY;
                readAt = null;
                return current;
            }
            FileTime modified = Files.getLastModifiedTime(path);
            if (!modified.equals(readAt)) {
                readAt = modified;
                try {
                    current = RegistriesConf.parse(Files.readString(path), path.toString());
                    LOG.info("registries configuration read from {}", path);
                } catch (IllegalArgumentException e) {
                    LOG.error("{}; the previous registries configuration stays in force", e.getMessage());
                }
            }
            return current;
        } catch (IOException e) {
            throw new ImageException(ImageException.Kind.FAILED, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
