package dev.orca.storage.overlay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.layers.testing.FakeFileCalls;
import dev.orca.layers.testing.LayerFixture;
import dev.orca.layers.testing.StagingLeftovers;
import dev.orca.layers.testing.TarBuilder;
import dev.orca.os.DeviceNumber;
import dev.orca.os.MountFlags;
import dev.orca.os.NodeType;
import dev.orca.spi.LayerContentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay driver's layout and mount logic, with the mount table and special files faked. */
class OverlayStorageDriverTest {

    @TempDir
    Path tmp;
    Path root;
    final FakeMounts mounts = new FakeMounts();
    final FakeFileCalls files = new FakeFileCalls();
    OverlayStorageDriver driver;

    @BeforeEach
    void open() throws IOException {
        root = tmp.resolve("store");
        driver = new OverlayStorageDriver(root, "", mounts, files.calls());
    }

    List<LayerFixture.Layer> put(List<LayerFixture.Layer> layers) throws IOException {
        for (LayerFixture.Layer layer : layers) {
            driver.putLayer(layer.chainId(), layer.parentChainId(), layer.diffId(), layer.stream());
        }
        return layers;
    }

    Path layer(LayerFixture.Layer layer) {
        return root.resolve("layers").resolve(layer.chainId().substring(7));
    }

    String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void activationProbesOverlayInStaging() {
        FakeMounts.Mount probe = mounts.history.get(0);
        assertEquals("overlay", probe.fstype());
        assertTrue(probe.target().startsWith(root.resolve("staging")), probe.toString());
        assertEquals(List.of(), mounts.mounted);
        assertEquals(List.of(MountFlags.MNT_DETACH), mounts.unmountFlags);
    }

    @Test
    void mountsAKilledDaemonLeftInStagingAreTakenOffAndTheirDirectoriesDeletedAtTheNextStart() throws IOException {
        Path probe = Files.createDirectories(root.resolve("staging/probe-left/merged"));
        mounts.mount("overlay", probe, "overlay", 0, "lowerdir=a,upperdir=b,workdir=c");
        mounts.mount("tmpfs", probe, "tmpfs", 0, null);
        Path trashed = Files.createDirectories(root.resolve("staging/deleting-left/merged/proc"));
        mounts.mount("overlay", trashed.getParent(), "overlay", 0, "lowerdir=a,upperdir=b,workdir=c");
        mounts.mount("proc", trashed, "proc", 0, null);
        mounts.unmounted.clear();

        new OverlayStorageDriver(root, "", mounts, files.calls());

        assertEquals(List.of(), mounts.mounted);
        assertEquals(List.of(trashed, trashed.getParent()), mounts.unmounted.stream()
                .filter(p -> p.startsWith(root.resolve("staging/deleting-left"))).toList(), "the deepest first");
        assertEquals(2, mounts.unmounted.stream().filter(probe::equals).count(), "both mounts stacked on the probe");
        assertEquals(List.of(), names(root.resolve("staging")));
    }

    @Test
    void eachLayerHasItsDiffItsLinkAndItsParentsLinks() throws IOException {
        List<LayerFixture.Layer> stack = put(LayerFixture.threeLayerStack());

        String link1 = read(layer(stack.get(0)).resolve("link"));
        String link2 = read(layer(stack.get(1)).resolve("link"));
        assertEquals("", read(layer(stack.get(0)).resolve("lower")));
        assertEquals("l/" + link1, read(layer(stack.get(1)).resolve("lower")));
        assertEquals("l/" + link2 + ":l/" + link1, read(layer(stack.get(2)).resolve("lower")));
        assertEquals(layer(stack.get(0)).resolve("diff").toRealPath(), root.resolve("l").resolve(link1).toRealPath());
        assertEquals(stack.get(1).diffId(), read(layer(stack.get(1)).resolve("diff-id")));
        assertEquals(stack.get(0).chainId(), read(layer(stack.get(1)).resolve("parent")));
        // the second layer's diff holds only its own entries, whiteouts as overlay markers
        Path diff2 = layer(stack.get(1)).resolve("diff").toRealPath();
        assertEquals(List.of("bin", "etc", "home", "var"), names(diff2));
        // the fakes saw the layer in staging, before its rename
        assertEquals(List.of(new FakeFileCalls.Node(NodeType.CHARACTER_DEVICE, DeviceNumber.NONE)),
                files.nodes.entrySet().stream().filter(e -> e.getKey().endsWith("diff/etc/motd"))
                        .map(java.util.Map.Entry::getValue).toList());
        assertTrue(files.xattr(diff2.resolve("var/cache"), "trusted.overlay.opaque").isPresent());
        assertTrue(Files.exists(diff2.resolve("etc/motd")));
        assertEquals(List.of(), names(root.resolve("staging")));
    }

    @Test
    void aRootFilesystemMountsTheChainTopmostFirst() throws IOException {
        List<LayerFixture.Layer> stack = put(LayerFixture.threeLayerStack());

        Path merged = driver.createRootFs("c1", stack.get(2).chainId());

        Path container = root.resolve("containers/c1");
        assertEquals(container.resolve("merged"), merged);
        FakeMounts.Mount mount = mounts.last();
        assertEquals("overlay", mount.source());
        assertEquals("overlay", mount.fstype());
        assertEquals(merged, mount.target());
        List<Path> lowers = FakeMounts.lowerDirs(mount);
        assertEquals(3, lowers.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(layer(stack.get(2 - i)).resolve("diff").toRealPath(), lowers.get(i).toRealPath());
            assertTrue(lowers.get(i).startsWith(root.resolve("l")), lowers.get(i).toString());
        }
        assertTrue(mount.data().endsWith(",upperdir=" + container.resolve("upper") + ",workdir="
                + container.resolve("work")), mount.data());
        assertEquals(stack.get(2).chainId(), read(container.resolve("layer")));
    }

    @Test
    void anEmptyImageMountsTheEmptyDirectory() throws IOException {
        driver.createRootFs("c1", null);

        assertEquals(List.of(root.resolve("empty")), FakeMounts.lowerDirs(mounts.last()));
    }

    @Test
    void creatingAgainMountsOnce() throws IOException {
        String top = put(LayerFixture.threeLayerStack()).get(2).chainId();
        driver.createRootFs("c1", top);
        int mountsBefore = mounts.history.size();

        driver.createRootFs("c1", top);

        assertEquals(mountsBefore, mounts.history.size());
    }

    @Test
    void creatingAgainOnAnotherLayerIsRefused() throws IOException {
        List<LayerFixture.Layer> stack = put(LayerFixture.threeLayerStack());
        driver.createRootFs("c1", stack.get(2).chainId());

        IOException e = assertThrows(IOException.class, () -> driver.createRootFs("c1", stack.get(1).chainId()));

        assertTrue(e.getMessage().startsWith("container c1 already has a root filesystem"), e.getMessage());
    }

    @Test
    void aFailedMountLeavesNoContainerDirectory() throws Exception {
        String top = put(LayerFixture.threeLayerStack()).get(2).chainId();
        mounts.nextMountFailure = new IOException("mount(...): Invalid argument (errno 22)");

        IOException e = assertThrows(IOException.class, () -> driver.createRootFs("c1", top));

        assertEquals("root filesystem of container c1 could not be mounted on " + root.resolve("containers/c1/merged")
                + ": mount(...): Invalid argument (errno 22)", e.getMessage());
        assertFalse(Files.exists(root.resolve("containers/c1")));
        StagingLeftovers.assertSwept(root.resolve("staging"));
    }

    @Test
    void unmountingAndRemovingAreIdempotent() throws IOException {
        String top = put(LayerFixture.threeLayerStack()).get(2).chainId();
        Path merged = driver.createRootFs("c1", top);

        driver.unmountRootFs("c1");
        driver.unmountRootFs("c1");
        assertFalse(mounts.isMountPoint(merged));
        assertTrue(Files.isDirectory(root.resolve("containers/c1/upper")));
        driver.mountRootFs("c1");
        assertTrue(mounts.isMountPoint(merged));
        driver.removeRootFs("c1");
        driver.removeRootFs("c1");
        driver.unmountRootFs("never-was");
        assertFalse(mounts.isMountPoint(merged));
        assertFalse(Files.exists(root.resolve("containers/c1")));
    }

    @Test
    void aRemovalAfterThisDriversUnmountReadsNoMountTableButOneAfterAMountOrARestartDoes() throws IOException {
        String top = put(LayerFixture.threeLayerStack()).get(2).chainId();
        Path merged = driver.createRootFs("c1", top);
        driver.unmountRootFs("c1");
        int reads = mounts.tableReads;

        driver.removeRootFs("c1");

        assertEquals(reads, mounts.tableReads, "StopContainer's unmount is remembered");
        assertFalse(Files.exists(root.resolve("containers/c1")));

        driver.createRootFs("c2", top);
        driver.unmountRootFs("c2");
        driver.mountRootFs("c2");
        int calls = mounts.unmountFlags.size();
        driver.removeRootFs("c2");
        assertTrue(mounts.unmountFlags.size() > calls, "mounted again: the removal unmounts");
        assertFalse(mounts.isMountPoint(root.resolve("containers/c2/merged")));

        driver.createRootFs("c3", top);
        driver.unmountRootFs("c3");
        OverlayStorageDriver restarted = new OverlayStorageDriver(root, "", mounts, files.calls());
        reads = mounts.tableReads;
        restarted.removeRootFs("c3");
        assertTrue(mounts.tableReads > reads, "a new instance knows no unmount of its own");
        assertFalse(mounts.isMountPoint(merged));
    }

    @Test
    void aBusyRootFilesystemIsDetached() throws IOException {
        Path merged = driver.createRootFs("c1", null);
        mounts.busy.add(merged);
        mounts.unmountFlags.clear();

        driver.unmountRootFs("c1");

        assertFalse(mounts.isMountPoint(merged));
        assertEquals(List.of(0, 0, MountFlags.MNT_DETACH, 0), mounts.unmountFlags,
                "refused plainly, refused again after the table was read, then detached");
    }

    @Test
    void theOverlayAloneComesOffWithTwoUnmountCallsAndNoMountTable() throws IOException {
        Path merged = driver.createRootFs("c1", null);
        mounts.tableReads = 0;
        mounts.unmountFlags.clear();

        driver.unmountRootFs("c1");

        assertEquals(0, mounts.tableReads);
        assertEquals(List.of(0, 0), mounts.unmountFlags, "the second answers that nothing is left there");
        assertFalse(mounts.isMountPoint(merged));
    }

    @Test
    void aMountStackedOnTheOverlayOrNothingMountedSendsTheUnmountToTheMountTable() throws IOException {
        Path merged = driver.createRootFs("c1", null);
        mounts.mount("tmpfs", merged, "tmpfs", 0, null);
        mounts.tableReads = 0;

        driver.unmountRootFs("c1");

        assertEquals(1, mounts.tableReads, "the second plain unmount took a mount off: the table says what is left");
        assertFalse(mounts.isMountPoint(merged));
        OverlayStorageDriver restarted = new OverlayStorageDriver(root, "", mounts, files.calls());
        mounts.tableReads = 0;
        restarted.unmountRootFs("c1");
        assertEquals(1, mounts.tableReads, "nothing on merged/: mounts may still be below it");
    }

    @Test
    void unmountingReadsTheMountTableOnceAndTakesStackedMountsAndMountsBelow() throws IOException {
        Path merged = driver.createRootFs("c1", null);
        mounts.mount("tmpfs", merged, "tmpfs", 0, null);
        mounts.mount("proc", merged.resolve("proc"), "proc", 0, null);
        mounts.tableReads = 0;
        mounts.unmounted.clear();

        driver.unmountRootFs("c1");

        assertEquals(1, mounts.tableReads);
        assertEquals(List.of(merged.resolve("proc"), merged, merged), mounts.unmounted);
        assertTrue(mounts.mountPointsUnder(root.resolve("containers/c1")).isEmpty());
    }

    @Test
    void aNewRootFilesystemIsMountedWithoutReadingTheMountTableAndAnExistingOneIsNotMountedTwice()
            throws IOException {
        mounts.tableReads = 0;
        Path merged = driver.createRootFs("c1", null);

        assertEquals(0, mounts.tableReads, "staged a moment ago: nothing can be mounted on it");
        assertTrue(mounts.isMountPoint(merged));
        mounts.tableReads = 0;
        assertEquals(merged, driver.createRootFs("c1", null));
        assertEquals(1, mounts.tableReads, "an existing one is looked at");
        assertEquals(List.of(merged), mounts.mountPointsUnder(merged), "and not mounted again");
    }

    @Test
    void anUnmountedRootFilesystemIsRemovedWithoutAnUnmountCall() throws IOException {
        driver.createRootFs("c1", null);
        driver.unmountRootFs("c1");
        int calls = mounts.unmountFlags.size();

        driver.removeRootFs("c1");

        assertEquals(calls, mounts.unmountFlags.size());
        assertFalse(Files.exists(root.resolve("containers/c1")));
    }

    @Test
    void moreStackedMountsThanTheBoundAreNamed() throws IOException {
        Path merged = driver.createRootFs("c1", null);
        for (int i = 0; i < 20; i++) {
            mounts.mount("tmpfs", merged, "tmpfs", 0, null);
        }

        IOException e = assertThrows(IOException.class, () -> driver.unmountRootFs("c1"));

        assertTrue(e.getMessage().contains("root filesystem of container c1 could not be unmounted")
                && e.getMessage().contains("still has mounts on it after 16 were taken off"), e.getMessage());
        driver.unmountRootFs("c1");
        assertFalse(mounts.isMountPoint(merged));
    }

    @Test
    void mountingAContainerWithoutRootFilesystemNamesIt() {
        IOException e = assertThrows(IOException.class, () -> driver.mountRootFs("ghost"));

        assertEquals("container ghost has no root filesystem in " + root.resolve("containers"), e.getMessage());
    }

    @Test
    void invalidContainerIdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> driver.createRootFs("../escape", null));
        assertThrows(IllegalArgumentException.class, () -> driver.removeRootFs("a/b"));
    }

    @Test
    void aLayerAContainerUsesIsNotRemoved() throws IOException {
        String top = put(LayerFixture.threeLayerStack()).get(2).chainId();
        driver.createRootFs("c1", top);

        IOException e = assertThrows(IOException.class, () -> driver.removeLayer(top));

        assertEquals("layer " + top + " cannot be removed: container c1 uses it", e.getMessage());
        driver.removeRootFs("c1");
        driver.removeLayer(top);
        assertFalse(driver.hasLayer(top));
    }

    @Test
    void removingALayerRemovesItsLink() throws IOException {
        LayerFixture.Layer base = put(LayerFixture.chain(new TarBuilder().file("a", "a", 0644))).get(0);
        String link = read(layer(base).resolve("link"));

        driver.removeLayer(base.chainId());

        assertFalse(Files.exists(root.resolve("l").resolve(link), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), names(root.resolve("l")));
    }

    @Test
    void aRefusedLayerLeavesNoLink() throws IOException {
        LayerFixture.Layer layer = LayerFixture.chain(new TarBuilder().file("a", "a", 0644)).get(0);
        String wrong = TarBuilder.sha256(new byte[] {1});

        assertThrows(LayerContentException.class, () -> driver.putLayer(wrong, null, wrong, layer.stream()));

        assertEquals(List.of(), names(root.resolve("l")));
        assertEquals(List.of(), names(root.resolve("staging")));
    }

    @Test
    void aMissingLinkIsMadeAgainAtMount() throws IOException {
        List<LayerFixture.Layer> stack = put(LayerFixture.threeLayerStack());
        String link1 = read(layer(stack.get(0)).resolve("link"));
        Files.delete(root.resolve("l").resolve(link1));

        driver.createRootFs("c1", stack.get(2).chainId());

        assertEquals(layer(stack.get(0)).resolve("diff").toRealPath(), root.resolve("l").resolve(link1).toRealPath());
    }

    @Test
    void reopeningDeletesDanglingLinks() throws IOException {
        Files.createSymbolicLink(root.resolve("l/DANGLING00"), Path.of("../layers/gone/diff"));

        new OverlayStorageDriver(root, "", mounts, files.calls());

        assertEquals(List.of(), names(root.resolve("l")));
    }

    @Test
    void thirtyLayersMountInOneCall() throws IOException {
        List<TarBuilder> tars = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tars.add(new TarBuilder().file("layer" + i, Integer.toString(i), 0644));
        }
        List<LayerFixture.Layer> chain = put(LayerFixture.chain(tars.toArray(TarBuilder[]::new)));

        driver.createRootFs("c1", chain.get(29).chainId());

        assertEquals(30, FakeMounts.lowerDirs(mounts.last()).size());
    }

    @Test
    void aRootOrOptionsTheMountCannotCarryAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new OverlayStorageDriver(tmp.resolve("a,b"), "", mounts, files.calls()));
        assertThrows(IllegalArgumentException.class,
                () -> new OverlayStorageDriver(Path.of("relative"), "", mounts, files.calls()));
        assertThrows(IllegalArgumentException.class,
                () -> new OverlayStorageDriver(tmp.resolve("x"), "workdir=/tmp", mounts, files.calls()));
    }

    @Test
    void aChainIdThatDoesNotFollowFromItsParentIsRefused() throws IOException {
        LayerFixture.Layer layer = LayerFixture.chain(new TarBuilder().file("a", "a", 0644)).get(0);
        String other = TarBuilder.sha256(new byte[] {2});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> driver.putLayer(other, null, layer.diffId(), layer.stream()));

        assertTrue(e.getMessage().contains("the chain ID does not follow from parent null"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> driver.putLayer("latest", null, layer.diffId(), layer.stream()));
    }
}
