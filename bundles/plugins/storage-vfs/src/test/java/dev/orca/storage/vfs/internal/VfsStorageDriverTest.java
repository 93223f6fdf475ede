package dev.orca.storage.vfs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.layers.testing.FakeFileCalls;
import dev.orca.layers.testing.LayerFixture;
import dev.orca.layers.testing.StagingLeftovers;
import dev.orca.layers.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vfs driver's copies and layout, with special files and attributes faked. */
class VfsStorageDriverTest {

    @TempDir
    Path tmp;
    Path root;
    final FakeFileCalls files = new FakeFileCalls();
    VfsStorageDriver driver;

    @BeforeEach
    void open() throws IOException {
        root = tmp.resolve("store");
        driver = new VfsStorageDriver(root, files.calls());
    }

    List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRootFilesystemIsACopyOfItsTopLayerWithMetadata() throws IOException {
        List<LayerFixture.Layer> stack = LayerFixture.threeLayerStack();
        for (LayerFixture.Layer layer : stack) {
            driver.putLayer(layer.chainId(), layer.parentChainId(), layer.diffId(), layer.stream());
        }

        Path rootfs = driver.createRootFs("c1", stack.get(2).chainId());

        assertEquals(root.resolve("containers/c1/rootfs"), rootfs);
        assertEquals(List.of("hostname", "localtime", "os-release"), names(rootfs.resolve("etc")));
        assertEquals(List.of("new", "top"), names(rootfs.resolve("var/cache")));
        assertFalse(Files.exists(rootfs.resolve("opt")));
        assertEquals(LayerFixture.OLD, Files.getLastModifiedTime(rootfs.resolve("data/owned")));
        assertEquals(1000, Files.getAttribute(rootfs.resolve("data/owned"), "unix:uid"));
        assertArrayEquals("base".getBytes(StandardCharsets.UTF_8),
                files.xattr(rootfs.resolve("data/xattr"), "user.orca").orElseThrow());
        assertEquals(stack.get(2).chainId(), Files.readString(root.resolve("containers/c1/layer")));
    }

    @Test
    void copiesKeepDirectoryTimes() throws IOException {
        FileTime time = FileTime.fromMillis(86_400_000L);
        LayerFixture.Layer base = LayerFixture.chain(new TarBuilder().dir("d", 0700).mtime(time)
                .file("d/f", "f", 0644)).get(0);
        driver.putLayer(base.chainId(), null, base.diffId(), base.stream());

        Path rootfs = driver.createRootFs("c1", base.chainId());

        assertEquals(time, Files.getLastModifiedTime(rootfs.resolve("d")));
        assertEquals(0700, (Integer) Files.getAttribute(rootfs.resolve("d"), "unix:mode") & 07777);
    }

    @Test
    void mountingIsNothingAndUnmountingKeepsTheCopy() throws IOException {
        Path rootfs = driver.createRootFs("c1", null);
        Files.writeString(rootfs.resolve("kept"), "k");

        driver.unmountRootFs("c1");

        assertEquals(rootfs, driver.mountRootFs("c1"));
        assertEquals("k", Files.readString(rootfs.resolve("kept")));
        assertThrows(IOException.class, () -> driver.mountRootFs("ghost"));
    }

    @Test
    void removingDeletesTheCopy() throws Exception {
        driver.createRootFs("c1", null);

        driver.removeRootFs("c1");
        driver.removeRootFs("c1");

        assertFalse(Files.exists(root.resolve("containers/c1"), LinkOption.NOFOLLOW_LINKS));
        StagingLeftovers.assertSwept(root.resolve("staging"));
    }

    @Test
    void aFailedCopyLeavesNoContainer() throws IOException {
        IOException e = assertThrows(IOException.class, () -> driver.createRootFs("c1",
                TarBuilder.sha256(new byte[] {1})));

        assertTrue(e.getMessage().endsWith("is not stored"), e.getMessage());
        assertFalse(Files.exists(root.resolve("containers/c1")));
        assertEquals(List.of(), names(root.resolve("staging")));
    }
}
