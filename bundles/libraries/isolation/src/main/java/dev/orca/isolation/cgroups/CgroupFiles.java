package dev.orca.isolation.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The file calls cgroup management makes under {@code /sys/fs/cgroup}. */
@ProviderType
public interface CgroupFiles {

    /** The text of a control file. */
    String read(Path file) throws IOException;

    /** Writes a value to an existing control file (no create, no truncate), as one write. */
    void write(Path file, String value) throws IOException;

    boolean exists(Path path);

    /** mkdir; nothing when the directory exists. */
    void createDirectory(Path dir) throws IOException;

    /**
     * rmdir; nothing when it is gone.
     *
     * @throws CgroupBusyException when the cgroup still has processes or children (EBUSY, ENOTEMPTY)
     */
    void removeDirectory(Path dir) throws IOException;

    /** The child cgroups of a directory. */
    List<Path> subdirectories(Path dir) throws IOException;

    /** The calling process's {@code /proc/self/mountinfo}. */
    String mountinfo() throws IOException;

    /** This host's. */
    static CgroupFiles onHost() {
        return new HostCgroupFiles();
    }
}
