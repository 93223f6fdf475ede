package dev.orca.os;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Setting a file's own access and modification times, with nanoseconds, without opening it and without following
 * a symbolic link (utimensat(2) with {@code AT_SYMLINK_NOFOLLOW}). The JDK's {@code setTimes} opens the file, which
 * blocks on a fifo and opens a device node's device.
 */
@ProviderType
public interface FileTimes {

    void set(Path path, FileTime access, FileTime modification) throws IOException;
}
