package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import dev.orca.os.DeviceNodes;
import dev.orca.os.DeviceNumber;
import dev.orca.os.NodeType;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;

/** mknod(2) through libc. */
@Component(service = DeviceNodes.class)
public final class LibcDeviceNodes implements DeviceNodes {

    @Override
    public void mknod(Path path, NodeType type, int permissions, DeviceNumber device) throws IOException {
        DeviceNumber number = type == NodeType.FIFO ? DeviceNumber.NONE : device;
        try {
            Libc.instance().mknod(NativeStrings.path(path), type.typeBits() | (permissions & 07777), number.encode());
        } catch (LastErrorException e) {
            throw NativeStrings.failure("mknod(" + path + ", " + type + " " + number + ", 0"
                    + Integer.toOctalString(permissions & 07777) + ")", e);
        }
    }
}
