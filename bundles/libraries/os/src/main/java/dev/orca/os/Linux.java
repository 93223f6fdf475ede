package dev.orca.os;

import dev.orca.os.internal.LibcDeviceNodes;
import dev.orca.os.internal.LibcExtendedAttributes;
import dev.orca.os.internal.LibcFileTimes;
import dev.orca.os.internal.LibcMounts;
import dev.orca.os.internal.LibcNetworkNamespaces;
import dev.orca.os.internal.LibcSeqPacketSockets;
import dev.orca.os.internal.LibcSignals;
import dev.orca.os.internal.LibcTerminals;

/**
 * The real implementations, calling libc through JNA, for code outside OSGi (tests, tools). Inside the framework,
 * take them as services instead: this bundle registers each one.
 */
public final class Linux {

    private Linux() {
    }

    public static Mounts mounts() {
        return new LibcMounts();
    }

    public static DeviceNodes deviceNodes() {
        return new LibcDeviceNodes();
    }

    public static ExtendedAttributes extendedAttributes() {
        return new LibcExtendedAttributes();
    }

    public static FileTimes fileTimes() {
        return new LibcFileTimes();
    }

    public static FileCalls fileCalls() {
        return new FileCalls(deviceNodes(), extendedAttributes(), fileTimes());
    }

    public static Terminals terminals() {
        return new LibcTerminals();
    }

    public static Signals signals() {
        return new LibcSignals();
    }

    public static NetworkNamespaces networkNamespaces() {
        return new LibcNetworkNamespaces();
    }

    public static SeqPacketSockets seqPacketSockets() {
        return new LibcSeqPacketSockets();
    }
}
