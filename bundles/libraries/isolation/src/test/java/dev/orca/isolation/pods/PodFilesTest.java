package dev.orca.isolation.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.spi.NamespaceMode;
import dev.orca.spi.SandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodFilesTest {

    @TempDir
    Path dir;

    private static SandboxRequest pod(List<String> servers, List<String> searches, List<String> options) {
        return new SandboxRequest("id", "web", "default", "u", 0, "web-0", "", servers, searches, options,
                NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD, "", Map.of(),
                List.of("10.0.0.9 db db.local"), List.of(), Map.of(), Map.of());
    }

    @Test
    void hostsNamesLocalhostThePodAndItsAliases() {
        assertEquals("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\tweb-0\n"
                + "10.0.0.9 db db.local\n", PodFiles.hosts(pod(List.of(), List.of(), List.of())));
    }

    @Test
    void resolvConfIsThePodsDnsOrTheNodes() throws Exception {
        assertEquals("nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local\noptions ndots:5\n",
                PodFiles.resolvConf(pod(List.of("10.96.0.10"), List.of("default.svc.cluster.local",
                        "svc.cluster.local"), List.of("ndots:5")), dir.resolve("none")));
        Path node = Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
        assertEquals("nameserver 192.0.2.1\n", PodFiles.resolvConf(pod(List.of(), List.of(), List.of()), node));
        assertEquals("", PodFiles.resolvConf(pod(List.of(), List.of(), List.of()), dir.resolve("none")));
    }
}
