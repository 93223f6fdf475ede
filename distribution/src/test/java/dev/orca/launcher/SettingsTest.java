package dev.orca.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path home;

    @Test
    void defaultsAreTheDocumentedPaths() throws IOException {
        Settings settings = Settings.load(home);

        assertEquals(Path.of("/run/orca/orca.sock"), settings.socket());
        assertEquals(Path.of("/run/orca/shell.sock"), settings.shellSocket());
        assertEquals(Path.of("/var/lib/orca"), settings.root());
        assertEquals(shippedFeatures(), settings.features(), "the built-in default is what conf/orca.properties ships");
        assertTrue(settings.features().containsAll(List.of("core", "runtime-runc", "network-cni")));
    }

    /**
     * The shipped start order: the signature policy is registered before the image store can serve a pull, and
     * whatever a pod or a RuntimeClass needs is up before the pod network, whose arrival makes the node ready.
     */
    @Test
    void theShippedOrderVerifiesTheFirstPullAndIsWholeWhenTheNodeIsReady() throws IOException {
        List<String> order = shippedFeatures();

        assertTrue(order.indexOf("signatures") < order.indexOf("images"), order.toString());
        for (String beforeReady : List.of("core", "images", "storage-overlay", "runtime-runc", "runtime-vm",
                "runtime-config-crio")) {
            assertTrue(order.indexOf(beforeReady) >= 0 && order.indexOf(beforeReady) < order.indexOf("network-cni"),
                    beforeReady + " before network-cni in " + order);
        }
    }

    private static List<String> shippedFeatures() throws IOException {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("src/main/dist/conf/orca.properties"))) {
            shipped.load(in);
        }
        return List.of(shipped.getProperty("orca.features").split("\\s*,\\s*"));
    }

    @Test
    void socketsFollowTheRunRootUnlessSetThemselves() throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/orca.properties"), "orca.runroot=/tmp/r\norca.features = core , shell\n");
        Settings settings = Settings.load(home);

        assertEquals(Path.of("/tmp/r/orca.sock"), settings.socket());
        assertEquals(List.of("core", "shell"), settings.features());

        settings.set(Settings.SOCKET, "/elsewhere/cri.sock");
        assertEquals(Path.of("/elsewhere/cri.sock"), settings.socket());
        assertEquals(Path.of("/tmp/r/shell.sock"), settings.shellSocket());
    }

    @Test
    void frameworkPropertiesCarryTheSocketsAndKeepTheCacheUnderTheRoot() throws IOException {
        Settings settings = Settings.load(home);
        settings.set(Settings.ROOT, "/srv/orca");

        Map<String, String> properties = settings.frameworkProperties();

        assertEquals("/run/orca/orca.sock", properties.get("orca.socket"));
        assertEquals("/srv/orca/osgi-cache", properties.get("org.osgi.framework.storage"));
        assertEquals(home.resolve("deploy").toString(), properties.get("felix.fileinstall.dir"));
    }
}
