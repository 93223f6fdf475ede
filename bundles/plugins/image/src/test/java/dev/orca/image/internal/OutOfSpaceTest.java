package dev.orca.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.os.Mounts;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutOfSpaceTest {

    @TempDir
    Path dir;

    private OutOfSpace withMountsAt(Path... points) {
        return new OutOfSpace(new Mounts() {
            @Override
            public void mount(String source, Path target, String fstype, long flags, String data) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void unmount(Path target, int flags) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Path> mountPoints() {
                return List.of(points);
            }
        });
    }

    @Test
    void aFullDiskBecomesNoSpaceNamingTheImageAndTheMountPointOnce() {
        Path images = dir.resolve("loop/images");
        Path layers = dir.resolve("loop/overlay");
        OutOfSpace space = withMountsAt(Path.of("/"), dir.resolve("loop"), dir.resolve("elsewhere"));
        ImageException full = new ImageException(Kind.FAILED, "image \"r/big:1\": layer sha256:ab: cannot store",
                new IOException("No space left on device"));
        ImageException told = space.classify(full, "r/big:1", List.of(new OutOfSpace.Store("image store", images),
                new OutOfSpace.Store("overlay layers", layers)));
        assertEquals(Kind.NO_SPACE, told.kind());
        assertTrue(told.getMessage().startsWith("image \"r/big:1\": no space left on the file system mounted at "
                + dir.resolve("loop") + " (image store " + images + ", overlay layers " + layers + ");"),
                told.getMessage());
        assertSame(full, told.getCause());
    }

    @Test
    void storesOnTwoFileSystemsAreBothNamed() {
        OutOfSpace space = withMountsAt(Path.of("/"), dir.resolve("a"), dir.resolve("b"));
        ImageException told = space.classify(new ImageException(Kind.FAILED, "x", new IOException(
                "No space left on device")), "r/x:1", List.of(new OutOfSpace.Store("image store", dir.resolve("a/i")),
                new OutOfSpace.Store("vfs layers", dir.resolve("b/l"))));
        assertTrue(told.getMessage().contains("mounted at " + dir.resolve("a") + " (image store " + dir.resolve("a/i")
                + "), or at " + dir.resolve("b") + " (vfs layers " + dir.resolve("b/l") + ")"), told.getMessage());
    }

    @Test
    void aRootFilesystemThatFindsNoSpaceIsNoSpaceNamingTheContainerAndTheFileSystem() {
        OutOfSpace space = withMountsAt(Path.of("/"), dir);
        ImageException told = space.whileStoring("create the root filesystem of container c1", new FileSystemException(
                dir.resolve("overlay/staging/x/upper").toString(), null, "No space left on device"),
                List.of(new OutOfSpace.Store("overlay storage", dir.resolve("overlay"))));
        assertEquals(Kind.NO_SPACE, told.kind());
        assertEquals("cannot create the root filesystem of container c1: no space left on the file system mounted at "
                + dir + " (overlay storage " + dir.resolve("overlay") + ")", told.getMessage());
    }

    @Test
    void otherFailuresStayAsTheyWere() {
        ImageException missing = new ImageException(Kind.NOT_FOUND, "manifest unknown");
        assertSame(missing, withMountsAt(Path.of("/")).classify(missing, "r/x:1",
                List.of(new OutOfSpace.Store("image store", dir))));
    }

    @Test
    void theMountPointIsTheLongestAboveTheDirectory() {
        OutOfSpace space = withMountsAt(Path.of("/"), dir, dir.resolve("a"), dir.resolve("ab"));
        assertEquals(dir.resolve("a"), space.mountPointOf(dir.resolve("a/b/c")));
        assertEquals(dir, space.mountPointOf(dir.resolve("abc")));
    }
}
