package dev.orca.os;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/** Making device nodes and fifos (mknod(2)). */
@ProviderType
public interface DeviceNodes {

    /**
     * Makes a special file at {@code path}, which must not exist; the process's umask applies to
     * {@code permissions}, so callers set the final mode afterwards.
     *
     * @param permissions the permission bits (07777)
     * @param device the device number; ignored for a fifo
     */
    void mknod(Path path, NodeType type, int permissions, DeviceNumber device) throws IOException;
}
