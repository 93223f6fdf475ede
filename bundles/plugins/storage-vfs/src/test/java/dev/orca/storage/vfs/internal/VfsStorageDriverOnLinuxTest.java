package dev.orca.storage.vfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.layers.testing.LayerFixture;
import dev.orca.layers.testing.StorageDriverContract;
import dev.orca.os.Linux;
import dev.orca.spi.StorageDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vfs driver against the real kernel calls (special files, attributes), as root. */
class VfsStorageDriverOnLinuxTest extends StorageDriverContract {

    @Override
    protected StorageDriver open(Path root) throws IOException {
        return new VfsStorageDriver(root, Linux.fileCalls());
    }

    @Override
    protected boolean mounts() {
        return false;
    }

    Path layerTree(LayerFixture.Layer layer) {
        return root.resolve("layers").resolve(layer.chainId().substring(7)).resolve("rootfs");
    }

    @Test
    void eachLayerIsACompleteTreeAndHardLinksStayLinkedInCopies() throws IOException {
        List<LayerFixture.Layer> stack = putStack();

        Path second = layerTree(stack.get(1));
        assertEquals(List.of("os-release"), names(second.resolve("etc")));
        assertEquals(List.of("new"), names(second.resolve("var/cache")));
        assertTrue(Files.exists(second.resolve("opt/app/config")));
        assertEquals(List.of(), names(layerTree(stack.get(2)).resolve("../../..").normalize().resolve("staging")));
        Path first = layerTree(stack.get(0));
        assertEquals(key(first.resolve("bin/tool")), key(first.resolve("bin/tool-hard")));
        Path rootfs = driver.createRootFs("c1", stack.get(2).chainId());
        // bin/tool was replaced in layer 2; its hard link from layer 1 keeps the old content in its own inode
        assertNotEquals(key(rootfs.resolve("bin/tool")), key(rootfs.resolve("bin/tool-hard")));
        assertEquals(1, Files.getAttribute(rootfs.resolve("bin/tool-hard"), "unix:nlink"));
    }

    @Test
    void aLayerMayBeRemovedWhileACopyOfItIsInUse() throws IOException {
        List<LayerFixture.Layer> stack = putStack();
        Path rootfs = driver.createRootFs("c1", stack.get(2).chainId());

        driver.removeLayer(stack.get(2).chainId());

        assertEquals("orca", Files.readString(rootfs.resolve("etc/hostname")));
        assertEquals(rootfs, driver.mountRootFs("c1"));
    }

    static Object key(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
