package dev.orca.isolation.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.os.NetworkNamespaces;
import dev.orca.spi.NetworkUsage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetDevTest {

    /** As a pod's namespace shows it: loopback, then the CNI veth end. */
    static final String POD_NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:    1234      12    0    0    0     0          0         0     1234      12    0    0    0     0       0          0
              eth0: 5308416    3764    1    2    0     0          0         0  1064962     912    3    4    0     0       0          0
            """;

    @Test
    void everyInterfaceButLoopbackWithItsCounters() throws IOException {
        assertEquals(List.of(new NetworkUsage("eth0", 5_308_416, 3764, 1, 2, 1_064_962, 912, 3, 4)),
                NetDev.parse(POD_NET_DEV));
    }

    @Test
    void countersNeedNoSpaceAfterTheColon() throws IOException {
        List<NetworkUsage> parsed = NetDev.parse("  eth1:18446744073709551615 1 0 0 0 0 0 0 7 2 0 0 0 0 0 0\n");
        assertEquals(-1L, parsed.get(0).receiveBytes(), "a counter past Long.MAX_VALUE is kept unsigned");
        assertEquals(7, parsed.get(0).transmitBytes());
    }

    @Test
    void aShortLineNamesTheInterface() {
        IOException e = assertThrows(IOException.class, () -> NetDev.parse("  eth0: 1 2 3\n"));
        assertTrue(e.getMessage().contains("interface eth0 has 3 counters"), e.getMessage());
    }

    @Test
    void podInterfacesReadDevInsideTheNamespace() throws IOException {
        Path netns = Path.of("/run/orca/pods/p1/net");
        NetworkNamespaces namespaces = new NetworkNamespaces() {
            @Override
            public SocketChannel connect(Path namespace, InetSocketAddress address) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String readProcNet(Path namespace, String file) throws IOException {
                assertEquals(netns, namespace);
                assertEquals("dev", file);
                return POD_NET_DEV;
            }
        };
        assertEquals("eth0", new PodInterfaces(namespaces).read(netns).get(0).name());
    }
}
