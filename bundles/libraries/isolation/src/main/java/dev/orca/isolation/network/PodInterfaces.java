package dev.orca.isolation.network;

import dev.orca.os.NetworkNamespaces;
import dev.orca.spi.NetworkUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The counters of a pod's interfaces, read from inside its network namespace. */
public final class PodInterfaces {

    private final NetworkNamespaces namespaces;

    public PodInterfaces(NetworkNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    /**
     * @param namespace the pod's network namespace file (pinned nsfs file)
     * @throws IOException naming the namespace: it cannot be entered or its {@code /proc/net/dev} read
     */
    public List<NetworkUsage> read(Path namespace) throws IOException {
        return NetDev.parse(namespaces.readProcNet(namespace, "dev"));
    }
}
