package dev.orca.storage.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.layers.testing.FelixHarness;
import dev.orca.layers.testing.LayerFixture;
import dev.orca.layers.testing.ScratchFilesystem;
import dev.orca.os.Linux;
import dev.orca.os.MountFlags;
import dev.orca.os.MountTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlay driver as a node runs it: in Felix with SCR, Config Admin, JNA (native code loaded by the framework),
 * commons-compress and its commons-io and commons-lang3. Stores a stack and mounts a root filesystem through the
 * service, as root. That the distribution boots it, wires JNA from its bundle, and withdraws and restores it as it
 * is stopped, updated or reinstalled is tested in the distribution's Pax Exam tests.
 */
class OverlayDriverInFelixIT {

    static final String DRIVER = "dev.orca.spi.StorageDriver";
    static final String FILTER = "(orca.storage.driver=overlay)";

    @TempDir
    static Path tmp;
    static FelixHarness felix;
    static Path orca;

    @BeforeAll
    static void boot() throws Exception {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        orca = ScratchFilesystem.forOverlay(tmp).resolve("orca");
        felix = FelixHarness.start(tmp.resolve("cache"), Map.of("orca.root", orca.toString()));
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (felix == null) {
            return;
        }
        for (Path point : Linux.mounts().mountPointsUnder(tmp)) {
            Linux.mounts().unmount(point, MountFlags.MNT_DETACH);
        }
        felix.close();
    }

    @Test
    void storesLayersAndMountsARootFilesystemThroughTheService() throws Exception {
        Object driver = felix.service(DRIVER, FILTER, 10_000);
        List<LayerFixture.Layer> stack = LayerFixture.threeLayerStack();
        for (LayerFixture.Layer layer : stack) {
            FelixHarness.call(driver, "putLayer", layer.chainId(), layer.parentChainId(), layer.diffId(),
                    layer.stream());
        }

        Path rootfs = (Path) FelixHarness.call(driver, "createRootFs", "it", stack.get(2).chainId());

        assertTrue(Files.isDirectory(orca.resolve("storage/overlay/layers")), "layers not under orca.root");
        assertTrue(MountTable.current().contains(rootfs));
        assertEquals("tool-v2", Files.readString(rootfs.resolve("bin/tool")));
        assertFalse(Files.exists(rootfs.resolve("etc/motd")));
        FelixHarness.call(driver, "removeRootFs", "it");
        assertFalse(MountTable.current().contains(rootfs));
    }

    @Test
    void aConfiguredRootReplacesTheDefault() throws Exception {
        Object admin = felix.service("org.osgi.service.cm.ConfigurationAdmin", null, 10_000);
        Object configuration = FelixHarness.call(admin, "getConfiguration", "dev.orca.storage.overlay", null);
        Path configured = tmp.resolve("configured");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("root", configured.toString());
        try {
            FelixHarness.call(configuration, "update", properties);

            Object driver = null;
            for (int i = 0; i < 100 && (driver == null || !driver.toString().contains(configured.toString())); i++) {
                Thread.sleep(100);
                driver = felix.service(DRIVER, FILTER, 1_000);
            }
            assertNotNull(driver);
            assertEquals("overlay storage driver in " + configured, driver.toString());
            assertTrue(Files.isDirectory(configured.resolve("layers")));
        } finally {
            FelixHarness.call(configuration, "delete");
        }
    }
}
