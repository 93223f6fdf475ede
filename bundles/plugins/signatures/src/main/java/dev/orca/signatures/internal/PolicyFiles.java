package dev.orca.signatures.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Policy files as last read, re-read when their modification time or size changes: each pull looks at the file,
 * so an edit applies to the next pull, and a malformed file is refused until it is fixed.
 */
final class PolicyFiles {

    private record Read(Object stamp, PolicyDocument document, PolicyException error) {
    }

    private final Map<Path, Read> cache = new ConcurrentHashMap<>();

    PolicyDocument get(Path file) throws PolicyException {
        Object stamp;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = attributes.lastModifiedTime().toString() + "/" + attributes.size() + "/" + attributes.fileKey();
        } catch (NoSuchFileException e) {
            cache.remove(file);
            throw new PolicyException(file, 0, "no such file");
        } catch (IOException e) {
            throw new PolicyException(file, 0, "cannot read: " + e.getMessage());
        }
        Read read = cache.get(file);
        if (read == null || !read.stamp().equals(stamp)) {
            read = parse(file, stamp);
            cache.put(file, read);
        }
        if (read.error() != null) {
            throw read.error();
        }
        return read.document();
    }

    private static Read parse(Path file, Object stamp) {
        try {
            return new Read(stamp, PolicyDocument.parse(Files.readAllBytes(file), file), null);
        } catch (PolicyException e) {
            return new Read(stamp, null, e);
        } catch (IOException e) {
            return new Read(stamp, null, new PolicyException(file, 0, "cannot read: " + e.getMessage()));
        }
    }
}
