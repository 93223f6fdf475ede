package dev.orca.storage.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.layers.testing.FelixHarness;
import dev.orca.layers.testing.LayerFixture;
import dev.orca.os.NodeType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vfs driver as a node runs it: in Felix with SCR, JNA (mknod, extended attributes, times through the native
 * library the framework loads) and commons-compress with commons-io and commons-lang3, as root. That the
 * distribution boots it and withdraws and restores it as it is stopped, updated or reinstalled is tested in the
 * distribution's Pax Exam tests.
 */
class VfsDriverInFelixIT {

    static final String DRIVER = "dev.orca.spi.StorageDriver";
    static final String FILTER = "(orca.storage.driver=vfs)";

    @TempDir
    static Path tmp;
    static FelixHarness felix;
    static Path orca;

    @BeforeAll
    static void boot() throws Exception {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        orca = tmp.resolve("orca");
        felix = FelixHarness.start(tmp.resolve("cache"), Map.of("orca.root", orca.toString()));
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (felix != null) {
            felix.close();
        }
    }

    @Test
    void theDriverStoresLayersAndCopiesRootFilesystemsThroughTheService() throws Exception {
        Object driver = felix.service(DRIVER, FILTER, 10_000);
        assertNotNull(driver, "no vfs storage driver service");
        assertEquals("vfs", FelixHarness.call(driver, "name"));
        List<LayerFixture.Layer> stack = LayerFixture.threeLayerStack();
        for (LayerFixture.Layer layer : stack) {
            FelixHarness.call(driver, "putLayer", layer.chainId(), layer.parentChainId(), layer.diffId(),
                    layer.stream());
        }

        Path rootfs = (Path) FelixHarness.call(driver, "createRootFs", "it", stack.get(2).chainId());

        assertEquals(orca.resolve("storage/vfs/containers/it/rootfs"), rootfs);
        assertEquals("tool-v2", Files.readString(rootfs.resolve("bin/tool")));
        assertFalse(Files.exists(rootfs.resolve("etc/motd")));
        assertEquals(NodeType.FIFO, NodeType.ofMode((Integer) Files.getAttribute(rootfs.resolve("run/fifo"),
                "unix:mode", LinkOption.NOFOLLOW_LINKS)).orElseThrow());
        FelixHarness.call(driver, "removeRootFs", "it");
        assertFalse(Files.exists(rootfs));
        assertTrue(((List<?>) FelixHarness.call(driver, "layers")).containsAll(
                stack.stream().map(LayerFixture.Layer::chainId).toList()));
    }
}
