package dev.orca.isolation.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.os.Linux;
import dev.orca.spi.NetworkUsage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** Counters read inside a real network namespace with a veth end in it (root only). */
@EnabledIf("dev.orca.isolation.namespaces.PodNamespacesOnLinuxTest#isRoot")
class PodInterfacesOnLinuxTest {

    private final String name = "orca-t" + ProcessHandle.current().pid();

    @BeforeEach
    void namespaceWithAVeth() throws Exception {
        ip("netns", "add", name);
        ip("link", "add", name + "a", "type", "veth", "peer", "name", "eth7", "netns", name);
        ip("-n", name, "link", "set", "eth7", "up");
        ip("link", "set", name + "a", "up");
        ip("-n", name, "addr", "add", "10.254.7.2/30", "dev", "eth7");
        ip("addr", "add", "10.254.7.1/30", "dev", name + "a");
    }

    @AfterEach
    void remove() throws Exception {
        ip("link", "del", name + "a");
        ip("netns", "del", name);
    }

    @Test
    void seesThePodsInterfacesOnlyAndCountsWhatCrossesThem() throws Exception {
        PodInterfaces interfaces = new PodInterfaces(Linux.networkNamespaces());
        Path netns = Path.of("/run/netns", name);
        List<NetworkUsage> before = interfaces.read(netns);
        assertEquals(List.of("eth7"), before.stream().map(NetworkUsage::name).toList(), "not the node's interfaces");

        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < 3; i++) {
                socket.send(new DatagramPacket(new byte[1000], 1000, new InetSocketAddress("10.254.7.2", 9)));
            }
        }
        Thread.sleep(300);
        NetworkUsage after = interfaces.read(netns).get(0);
        assertTrue(after.receiveBytes() - before.get(0).receiveBytes() >= 3 * 1000, "received: " + after);
        assertTrue(after.transmitPackets() > before.get(0).transmitPackets(), "answered ARP at least: " + after);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(command + ": " + out);
        }
    }
}
