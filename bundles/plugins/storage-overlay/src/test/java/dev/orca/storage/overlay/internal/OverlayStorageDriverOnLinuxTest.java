package dev.orca.storage.overlay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.layers.testing.LayerFixture;
import dev.orca.layers.testing.StorageDriverContract;
import dev.orca.layers.testing.TarBuilder;
import dev.orca.os.Linux;
import dev.orca.os.MountTable;
import dev.orca.spi.StorageDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overlay driver against the real kernel: overlayfs through mount(2), as root. */
class OverlayStorageDriverOnLinuxTest extends StorageDriverContract {

    @Override
    protected StorageDriver open(Path root) throws IOException {
        return new OverlayStorageDriver(root, "", Linux.mounts(), Linux.fileCalls());
    }

    @Override
    protected boolean mounts() {
        return true;
    }

    @Test
    void theRootFilesystemIsAnOverlayMount() throws IOException {
        String top = putStack().get(2).chainId();

        Path merged = driver.createRootFs("c1", top);

        assertTrue(MountTable.current().contains(merged), "no mount on " + merged);
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        assertTrue(mountinfo.lines().anyMatch(l -> l.contains(" " + merged + " ") && l.contains(" - overlay ")),
                mountinfo);
    }

    @Test
    void anOverlayAKilledDaemonLeftMountedInStagingIsUnmountedAndDeletedAtTheNextStart() throws IOException {
        Path probe = root.resolve("staging/probe-left");
        Path merged = Files.createDirectories(probe.resolve("merged"));
        Files.writeString(Files.createDirectories(probe.resolve("lower")).resolve("file"), "lower");
        mounts.mount("overlay", merged, "overlay", 0, OverlayMountData.of(List.of(probe.resolve("lower")),
                Files.createDirectories(probe.resolve("upper")), Files.createDirectories(probe.resolve("work")), ""));

        StorageDriver next = open(root);

        assertFalse(mounts.isMountPoint(merged));
        assertFalse(Files.exists(probe), "the leftover is deleted");
        assertEquals(List.of(), mounts.mountPointsUnder(root.resolve("staging")));
        assertTrue(next.createRootFs("c1", null).startsWith(root), "the driver serves");
    }

    @Test
    void writesLandInTheUpperDirectoryAndLayersStayUntouched() throws IOException {
        List<LayerFixture.Layer> stack = putStack();
        Path merged = driver.createRootFs("c1", stack.get(2).chainId());

        Files.writeString(merged.resolve("bin/tool"), "changed");
        Files.delete(merged.resolve("etc/hostname"));

        Path upper = root.resolve("containers/c1/upper");
        assertEquals("changed", Files.readString(upper.resolve("bin/tool")));
        assertTrue(Files.exists(upper.resolve("etc/hostname"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "whiteout in upper");
        Path diff2 = root.resolve("layers").resolve(stack.get(1).chainId().substring(7)).resolve("diff");
        assertEquals("tool-v2", Files.readString(diff2.resolve("bin/tool")));
    }

    @Test
    void thirtyLayersMountAndShowEveryLayer() throws IOException {
        List<TarBuilder> tars = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tars.add(new TarBuilder().file("layer" + i, Integer.toString(i), 0644)
                    .file("shared", "from " + i, 0644));
        }
        List<LayerFixture.Layer> chain = LayerFixture.chain(tars.toArray(TarBuilder[]::new));
        for (LayerFixture.Layer layer : chain) {
            driver.putLayer(layer.chainId(), layer.parentChainId(), layer.diffId(), layer.stream());
        }

        Path merged = driver.createRootFs("deep", chain.get(29).chainId());

        for (int i = 0; i < 30; i++) {
            assertEquals(Integer.toString(i), Files.readString(merged.resolve("layer" + i)));
        }
        assertEquals("from 29", Files.readString(merged.resolve("shared")));
        driver.removeRootFs("deep");
        assertFalse(mounts.isMountPoint(merged));
    }

    @Test
    void aBusyRootFilesystemIsStillRemoved() throws Exception {
        Path merged = driver.createRootFs("busy", null);
        Files.writeString(merged.resolve("open"), "x");

        try (var open = Files.newInputStream(merged.resolve("open"))) {
            driver.removeRootFs("busy");
            assertFalse(mounts.isMountPoint(merged));
            assertEquals('x', open.read());
        }
        assertFalse(Files.exists(root.resolve("containers/busy")));
    }

    @Test
    void mountsBelowTheRootFilesystemAndStackedOnItComeOffWithIt() throws IOException {
        Path merged = driver.createRootFs("nested", null);
        Path container = root.resolve("containers/nested");
        mounts.mount("tmpfs", Files.createDirectories(merged.resolve("mnt/below")), "tmpfs", 0, "size=1m");

        driver.unmountRootFs("nested");

        assertEquals(List.of(), mounts.mountPointsUnder(container), "the kernel refused the plain unmount: EBUSY");
        driver.mountRootFs("nested");
        mounts.mount("tmpfs", merged, "tmpfs", 0, "size=1m");
        mounts.mount("tmpfs", merged, "tmpfs", 0, "size=1m");

        driver.unmountRootFs("nested");

        assertEquals(List.of(), mounts.mountPointsUnder(container), "three stacked on merged/");
        driver.mountRootFs("nested");
        driver.unmountRootFs("nested");
        assertEquals(List.of(), mounts.mountPointsUnder(container), "the overlay alone");
        driver.removeRootFs("nested");
        assertFalse(Files.exists(container));
    }
}
