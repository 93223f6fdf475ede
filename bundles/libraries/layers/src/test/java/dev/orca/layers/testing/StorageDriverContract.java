package dev.orca.layers.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.os.Linux;
import dev.orca.os.MountFlags;
import dev.orca.os.MountTable;
import dev.orca.os.Mounts;
import dev.orca.os.NodeType;
import dev.orca.spi.LayerContentException;
import dev.orca.spi.StagedLayer;
import dev.orca.spi.StorageDriver;
import dev.orca.spi.StorageUsage;
import dev.orca.spi.StoredLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every storage driver does, against the real kernel, as root. A driver's test extends this and opens the
 * driver on a root; mounts left under the temporary directory are detached after each test, also when it fails.
 */
public abstract class StorageDriverContract {

    @TempDir
    protected Path tmp;
    protected Path root;
    protected StorageDriver driver;
    protected final Mounts mounts = Linux.mounts();

    /** Opens the driver under test on {@code root} with the real kernel calls. */
    protected abstract StorageDriver open(Path root) throws IOException;

    /** Whether the driver's root filesystems are mounts (and unmounting hides their content). */
    protected abstract boolean mounts();

    @BeforeEach
    void openDriver() throws IOException {
        assumeTrue(isRoot(), "needs root");
        root = ScratchFilesystem.forOverlay(tmp).resolve("store");
        driver = open(root);
    }

    @AfterEach
    void detachEverything() throws IOException {
        if (tmp == null) {
            return;
        }
        List<Path> left = mounts.mountPointsUnder(tmp);
        List<Path> deepestFirst = new ArrayList<>(left);
        java.util.Collections.reverse(deepestFirst);
        for (Path point : deepestFirst) {
            mounts.unmount(point, MountFlags.MNT_DETACH);
        }
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    protected List<LayerFixture.Layer> putStack() throws IOException {
        List<LayerFixture.Layer> stack = LayerFixture.threeLayerStack();
        for (LayerFixture.Layer layer : stack) {
            StoredLayer stored = driver.putLayer(layer.chainId(), layer.parentChainId(), layer.diffId(),
                    layer.stream());
            assertEquals(layer.chainId(), stored.chainId());
            assertEquals(layer.diffId(), stored.diffId());
            assertEquals(layer.tar().length, stored.sizeBytes(), "a layer's size is its uncompressed tar's");
        }
        return stack;
    }

    protected static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    protected static Object attribute(Path path, String name) throws IOException {
        return Files.getAttribute(path, name, LinkOption.NOFOLLOW_LINKS);
    }

    protected void assertNothingStagedAndNoLayer(String chainId) throws IOException {
        assertFalse(driver.hasLayer(chainId));
        assertFalse(Files.exists(root.resolve("layers").resolve(chainId.substring(7))));
        assertEquals(List.of(), names(root.resolve("staging")), "staging leftovers");
    }

    @Test
    void aRootFilesystemShowsTheMergedStack() throws IOException {
        List<LayerFixture.Layer> stack = putStack();
        String top = stack.get(2).chainId();

        Path rootfs = driver.createRootFs("c1", top);

        assertEquals(List.of("bin", "data", "etc", "home", "run", "tmp", "var"), names(rootfs));
        assertEquals(List.of("hostname", "localtime", "os-release"), names(rootfs.resolve("etc")), "motd whited out");
        assertEquals(List.of("new", "top"), names(rootfs.resolve("var/cache")), "opaque in layer 2");
        assertEquals("tool-v2", Files.readString(rootfs.resolve("bin/tool")));
        assertEquals("tool-v1", Files.readString(rootfs.resolve("bin/tool-hard")));
        assertEquals("tool-v2", Files.readString(rootfs.resolve("bin/sh")));
        assertEquals(Path.of("/usr/share/zoneinfo/UTC"), Files.readSymbolicLink(rootfs.resolve("etc/localtime")));
        assertEquals(04755, (Integer) attribute(rootfs.resolve("bin/su"), "unix:mode") & 07777);
        assertEquals(01777, (Integer) attribute(rootfs.resolve("tmp"), "unix:mode") & 07777);
        assertEquals(NodeType.FIFO, NodeType.ofMode((Integer) attribute(rootfs.resolve("run/fifo"), "unix:mode"))
                .orElseThrow());
        Path owned = rootfs.resolve("data/owned");
        assertEquals(1000, attribute(owned, "unix:uid"));
        assertEquals(1001, attribute(owned, "unix:gid"));
        assertEquals(0640, (Integer) attribute(owned, "unix:mode") & 07777);
        assertEquals(LayerFixture.OLD, Files.getLastModifiedTime(owned));
        assertEquals(1000, attribute(rootfs.resolve("home/user"), "unix:uid"));
        assertArrayEquals("base".getBytes(StandardCharsets.UTF_8),
                Linux.extendedAttributes().get(rootfs.resolve("data/xattr"), "user.orca").orElseThrow());
    }

    @Test
    void writesGrowTheWritableLayerAndSurviveAnUnmount() throws IOException {
        String top = putStack().get(2).chainId();
        Path rootfs = driver.createRootFs("c1", top);
        StorageUsage before = driver.writableLayerUsage("c1");

        Files.write(rootfs.resolve("tmp/big"), new byte[1 << 20]);
        StorageUsage after = driver.writableLayerUsage("c1");
        Files.delete(rootfs.resolve("etc/os-release"));

        assertTrue(after.usedBytes() >= before.usedBytes() + (1 << 20), before + " -> " + after);
        assertTrue(after.inodesUsed() > before.inodesUsed(), before + " -> " + after);
        driver.unmountRootFs("c1");
        driver.unmountRootFs("c1");
        if (mounts()) {
            assertEquals(List.of(), names(rootfs));
            assertFalse(mounts.isMountPoint(rootfs));
        }
        Path again = driver.mountRootFs("c1");
        assertEquals(rootfs, again);
        assertEquals(1 << 20, Files.size(again.resolve("tmp/big")));
        assertFalse(Files.exists(again.resolve("etc/os-release")));
        assertEquals("orca", Files.readString(again.resolve("etc/hostname")));
    }

    @Test
    void removingARootFilesystemLeavesNoMountAndNoDirectory() throws Exception {
        String top = putStack().get(2).chainId();
        Path rootfs = driver.createRootFs("c1", top);
        Files.writeString(rootfs.resolve("tmp/x"), "x");

        driver.removeRootFs("c1");
        driver.removeRootFs("c1");

        assertTrue(MountTable.current().stream().noneMatch(p -> p.startsWith(root)), "a mount is left under " + root);
        assertFalse(Files.exists(root.resolve("containers/c1")));
        assertEquals(0, driver.writableLayerUsage("c1").usedBytes());
        StagingLeftovers.assertSwept(root.resolve("staging"));
    }

    @Test
    void layersStagedTopFirstAndStoredInOrderMakeTheSameStack() throws IOException {
        List<LayerFixture.Layer> stack = LayerFixture.threeLayerStack();
        if (!driver.stagesLayersAheadOfParents()) {
            LayerFixture.Layer base = stack.get(0);
            assertThrows(UnsupportedOperationException.class,
                    () -> driver.stageLayer(base.chainId(), base.diffId(), base.stream()));
            assertEquals(List.of(), names(root.resolve("staging")));
            return;
        }
        List<StagedLayer> staged = new ArrayList<>();
        for (int i = stack.size() - 1; i >= 0; i--) {
            staged.add(0, driver.stageLayer(stack.get(i).chainId(), stack.get(i).diffId(), stack.get(i).stream()));
            assertFalse(driver.hasLayer(stack.get(i).chainId()), "staged is not stored");
        }
        for (int i = 0; i < stack.size(); i++) {
            try (StagedLayer layer = staged.get(i)) {
                StoredLayer stored = driver.putStagedLayer(layer, stack.get(i).parentChainId());
                assertEquals(stack.get(i).diffId(), stored.diffId());
                assertEquals(stack.get(i).tar().length, stored.sizeBytes());
            }
        }

        Path rootfs = driver.createRootFs("c1", stack.get(2).chainId());

        assertEquals("tool-v2", Files.readString(rootfs.resolve("bin/tool")));
        assertEquals("tool-v1", Files.readString(rootfs.resolve("bin/tool-hard")));
        assertEquals(List.of("hostname", "localtime", "os-release"), names(rootfs.resolve("etc")), "motd whited out");
        assertEquals(List.of("new", "top"), names(rootfs.resolve("var/cache")), "opaque in layer 2");
        assertEquals(new HashSet<>(stack.stream().map(LayerFixture.Layer::chainId).toList()),
                new HashSet<>(driver.layers()));
        assertEquals(List.of(), names(root.resolve("staging")));
    }

    @Test
    void aStagedLayerWhoseParentIsNotStoredIsRefusedAndAClosedOneLeavesNothing() throws IOException {
        assumeTrue(driver.stagesLayersAheadOfParents(), "the driver stores a layer on its parent only");
        List<LayerFixture.Layer> stack = LayerFixture.threeLayerStack();
        LayerFixture.Layer middle = stack.get(1);
        StagedLayer orphan = driver.stageLayer(middle.chainId(), middle.diffId(), middle.stream());

        IOException e = assertThrows(IOException.class, () -> driver.putStagedLayer(orphan, middle.parentChainId()));

        assertTrue(e.getMessage().contains("its parent layer " + middle.parentChainId() + " is not stored"),
                e.getMessage());
        orphan.close();
        assertNothingStagedAndNoLayer(middle.chainId());
        driver.stageLayer(middle.chainId(), middle.diffId(), middle.stream()).close();
        assertNothingStagedAndNoLayer(middle.chainId());
        LayerFixture.Layer base = stack.get(0);
        assertThrows(LayerContentException.class,
                () -> driver.stageLayer(base.chainId(), middle.diffId(), base.stream()), "the wrong digest");
        assertNothingStagedAndNoLayer(base.chainId());
    }

    @Test
    void aLayerStoredWhileAnotherCopyWasStagedKeepsTheStoredOne() throws IOException {
        assumeTrue(driver.stagesLayersAheadOfParents(), "the driver stores a layer on its parent only");
        LayerFixture.Layer base = LayerFixture.threeLayerStack().get(0);
        try (StagedLayer late = driver.stageLayer(base.chainId(), base.diffId(), base.stream())) {
            driver.putLayer(base.chainId(), null, base.diffId(), base.stream());

            assertEquals(base.diffId(), driver.putStagedLayer(late, null).diffId());
        }

        assertTrue(driver.hasLayer(base.chainId()));
        assertEquals(List.of(), names(root.resolve("staging")));
    }

    @Test
    void createIsIdempotentForOneContainer() throws IOException {
        String top = putStack().get(2).chainId();

        Path first = driver.createRootFs("c1", top);
        Files.writeString(first.resolve("tmp/kept"), "k");
        Path second = driver.createRootFs("c1", top);

        assertEquals(first, second);
        assertEquals("k", Files.readString(second.resolve("tmp/kept")));
        assertTrue(MountTable.current().stream().filter(first::equals).count() <= 1, "mounted twice");
    }

    @Test
    void anEmptyImageGetsAnEmptyWritableRoot() throws IOException {
        Path rootfs = driver.createRootFs("empty", null);

        assertEquals(List.of(), names(rootfs));
        Files.writeString(rootfs.resolve("f"), "w");
        assertTrue(driver.writableLayerUsage("empty").usedBytes() >= 1);
    }

    @Test
    void aDiffIdMismatchLeavesNoLayerAndNoStaging() throws IOException {
        LayerFixture.Layer layer = LayerFixture.chain(new TarBuilder().file("f", "content", 0644)).get(0);
        String wrongDiffId = TarBuilder.sha256("something else".getBytes(StandardCharsets.UTF_8));

        LayerContentException e = assertThrows(LayerContentException.class,
                () -> driver.putLayer(wrongDiffId, null, wrongDiffId, layer.stream()));

        assertTrue(e.getMessage().contains("does not match its diff ID " + wrongDiffId), e.getMessage());
        assertNothingStagedAndNoLayer(wrongDiffId);
        assertEquals(List.of(), driver.layers());
    }

    @Test
    void anEscapingEntryLeavesNoLayerAndNoStaging() throws IOException {
        LayerFixture.Layer layer = LayerFixture.chain(new TarBuilder()
                .file("ok", "fine", 0644)
                .symlink("out", tmp.toString())
                .file("out/escaped", "bad", 0644)).get(0);

        LayerContentException e = assertThrows(LayerContentException.class,
                () -> driver.putLayer(layer.chainId(), null, layer.diffId(), layer.stream()));

        assertTrue(e.getMessage().startsWith("layer entry \"out/escaped\""), e.getMessage());
        assertNothingStagedAndNoLayer(layer.chainId());
        assertFalse(Files.exists(tmp.resolve("escaped")));
    }

    @Test
    void aLayerWhoseParentIsMissingIsRefused() throws IOException {
        LayerFixture.Layer orphan = LayerFixture.chain(new TarBuilder().file("a", "a", 0644),
                new TarBuilder().file("b", "b", 0644)).get(1);

        IOException e = assertThrows(IOException.class,
                () -> driver.putLayer(orphan.chainId(), orphan.parentChainId(), orphan.diffId(), orphan.stream()));

        assertTrue(e.getMessage().contains("is not stored"), e.getMessage());
        assertNothingStagedAndNoLayer(orphan.chainId());
    }

    @Test
    @Timeout(120)
    void concurrentPutsOfOneChainIdStoreOneLayer() throws Exception {
        LayerFixture.Layer layer = LayerFixture.chain(bigLayer("same")).get(0);
        List<StoredLayer> stored = inParallel(8, i -> driver.putLayer(layer.chainId(), null, layer.diffId(),
                layer.stream()));

        assertEquals(1, new HashSet<>(stored).size(), stored.toString());
        assertEquals(List.of(layer.chainId()), driver.layers());
        assertEquals(List.of(), names(root.resolve("staging")));
        assertEquals("same-0", Files.readString(driver.createRootFs("c", layer.chainId()).resolve("d/f0")));
    }

    @Test
    @Timeout(120)
    void differentLayersArePutInParallel() throws Exception {
        List<LayerFixture.Layer> bases = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bases.add(LayerFixture.chain(bigLayer("base" + i)).get(0));
        }

        inParallel(bases.size(), i -> driver.putLayer(bases.get(i).chainId(), null, bases.get(i).diffId(),
                bases.get(i).stream()));

        Set<String> expected = new HashSet<>();
        bases.forEach(b -> expected.add(b.chainId()));
        assertEquals(expected, new HashSet<>(driver.layers()));
        assertEquals(List.of(), names(root.resolve("staging")));
    }

    @Test
    void puttingAStoredLayerAgainReadsTheStreamAndKeepsIt() throws IOException {
        LayerFixture.Layer layer = LayerFixture.chain(new TarBuilder().file("a", "a", 0644)).get(0);
        StoredLayer first = driver.putLayer(layer.chainId(), null, layer.diffId(), layer.stream());
        var stream = layer.stream();

        StoredLayer second = driver.putLayer(layer.chainId(), null, layer.diffId(), stream);

        assertEquals(first, second);
        assertEquals(-1, stream.read());
    }

    @Test
    void aLayerOthersStandOnIsNotRemoved() throws Exception {
        List<LayerFixture.Layer> stack = putStack();

        IOException e = assertThrows(IOException.class, () -> driver.removeLayer(stack.get(1).chainId()));

        assertTrue(e.getMessage().contains("layer " + stack.get(2).chainId() + " stands on it"), e.getMessage());
        driver.removeLayer(stack.get(2).chainId());
        driver.removeLayer(stack.get(1).chainId());
        driver.removeLayer(stack.get(1).chainId());
        assertEquals(List.of(stack.get(0).chainId()), driver.layers());
        StagingLeftovers.assertSwept(root.resolve("staging"));
    }

    @Test
    void reopeningDeletesWhatAnInterruptedOperationLeft() throws IOException {
        Path stale = Files.createDirectories(root.resolve("staging/layer-0123456789ab-crashed/diff/etc"));
        Files.writeString(stale.resolve("half"), "written");

        driver = open(root);

        assertEquals(List.of(), names(root.resolve("staging")));
    }

    @Test
    void theStoreIsClosedToOtherUsers() throws IOException {
        assertEquals(0700, (Integer) attribute(root, "unix:mode") & 07777);
    }

    @Test
    void usageCountsTheStore() throws IOException {
        StorageUsage empty = driver.usage();
        putStack();

        StorageUsage full = driver.usage();

        assertEquals(root, full.mountpoint());
        assertTrue(full.usedBytes() > empty.usedBytes());
        assertTrue(full.inodesUsed() > empty.inodesUsed() + 20, empty + " -> " + full);
    }

    /** A layer of a few files of 256 KiB, so that parallel puts overlap. */
    protected static TarBuilder bigLayer(String content) {
        TarBuilder tar = new TarBuilder().dir("d", 0755);
        for (int i = 0; i < 8; i++) {
            byte[] bytes = new byte[256 * 1024];
            byte[] text = (content + "-" + i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(text, 0, bytes, 0, text.length);
            tar.file("d/f" + i, i == 0 ? text : bytes, 0644);
        }
        return tar;
    }

    protected interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code count} tasks at once (released together) and returns their results; the first failure fails. */
    protected static <T> List<T> inParallel(int count, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(100, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
