package dev.orca.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.layers.testing.FakeFileCalls;
import dev.orca.layers.testing.TarBuilder;
import dev.orca.spi.LayerContentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a layer entry could write outside its directory is refused with a message naming the entry, and
 * nothing outside changes. {@code outside} is a sibling of the target with a file whose content, mode, times and
 * attributes are checked after each test.
 */
class LayerEscapeTest {

    @TempDir
    Path tmp;
    Path target;
    Path outside;
    Path victim;
    FileTime victimTime;
    final FakeFileCalls fake = new FakeFileCalls();

    @BeforeEach
    void dirs() throws IOException {
        target = Files.createDirectory(tmp.resolve("target")).toRealPath();
        outside = Files.createDirectory(tmp.resolve("outside")).toRealPath();
        victim = Files.writeString(outside.resolve("victim"), "untouched");
        Files.setAttribute(victim, "unix:mode", 0600);
        victimTime = Files.getLastModifiedTime(victim);
    }

    @AfterEach
    void nothingOutsideChanged() throws IOException {
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(List.of(victim), files.toList());
        }
        assertEquals("untouched", Files.readString(victim));
        assertEquals(0600, (Integer) Files.getAttribute(victim, "unix:mode") & 07777);
        assertEquals(0, (Integer) Files.getAttribute(victim, "unix:uid"));
        assertEquals(victimTime, Files.getLastModifiedTime(victim));
        assertFalse(fake.hasXattrs(victim));
        assertFalse(fake.hasXattrs(outside));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(2, files.count(), "only target and outside in " + tmp);
        }
    }

    void unpack(TarBuilder tar) throws IOException {
        new LayerUnpacker(fake.calls(), new VfsWhiteouts(), SpecialFiles.REFUSE)
                .unpack(new ByteArrayInputStream(tar.bytes()), target);
    }

    LayerContentException refused(TarBuilder tar) {
        return assertThrows(LayerContentException.class, () -> unpack(tar));
    }

    @Test
    void anAbsoluteNameIsRefused() {
        assertEquals("layer entry \"" + outside.resolve("new") + "\": absolute paths are refused",
                refused(new TarBuilder().absoluteFile(outside.resolve("new").toString(), "x")).getMessage());
    }

    @Test
    void dotDotIsRefused() {
        assertEquals("layer entry \"../outside/new\": '..' in a path is refused",
                refused(new TarBuilder().file("../outside/new", "x", 0644)).getMessage());
        assertEquals("layer entry \"a/../../outside/victim\": '..' in a path is refused",
                refused(new TarBuilder().dir("a", 0755).file("a/../../outside/victim", "x", 0644)).getMessage());
    }

    @Test
    void aFileThroughAnAbsoluteLinkOfTheLayerIsRefused() {
        LayerContentException e = refused(new TarBuilder()
                .symlink("escape", outside.toString())
                .file("escape/new", "x", 0644));

        assertEquals("layer entry \"escape/new\": its path goes through the symbolic link /escape -> " + outside
                + ", which is absolute", e.getMessage());
    }

    @Test
    void aFileThroughARelativeLinkClimbingOutIsRefused() {
        LayerContentException e = refused(new TarBuilder()
                .dir("a", 0755)
                .symlink("a/up", "../../outside")
                .file("a/up/victim", "overwritten", 0644));

        assertEquals("layer entry \"a/up/victim\": a symbolic link on its path leads out of the layer",
                e.getMessage());
    }

    @Test
    void aLinkAlreadyInTheTargetPointingOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(target.resolve("lower-link"), outside);

        LayerContentException e = refused(new TarBuilder().file("lower-link/victim", "overwritten", 0644));

        assertTrue(e.getMessage().startsWith("layer entry \"lower-link/victim\": its path goes through the symbolic"
                + " link /lower-link"), e.getMessage());
    }

    @Test
    void aChainOfLinksEndingOutsideIsRefused() {
        LayerContentException e = refused(new TarBuilder()
                .symlink("one", "two")
                .symlink("two", "three/..")
                .dir("three", 0755)
                .symlink("three/four", "../../outside")
                .file("one/three/four/victim", "x", 0644));

        assertTrue(e.getMessage().contains("leads out of the layer"), e.getMessage());
    }

    @Test
    void aLinkLoopIsRefused() {
        LayerContentException e = refused(new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/f", "x", 0644));

        assertEquals("layer entry \"a/f\": too many symbolic links on its path", e.getMessage());
    }

    @Test
    void aHardLinkToAFileOutsideIsRefused() {
        assertTrue(refused(new TarBuilder().hardlink("h", "../outside/victim")).getMessage()
                .contains("'..' in a path is refused"));
        assertTrue(refused(new TarBuilder().hardlink("h", outside.resolve("victim").toString())).getMessage()
                .contains("absolute paths are refused"));
    }

    @Test
    void aHardLinkThroughALinkOutsideIsRefused() {
        LayerContentException e = refused(new TarBuilder()
                .symlink("out", outside.toString())
                .hardlink("h", "out/victim"));

        assertTrue(e.getMessage().startsWith("layer entry \"h\": its path goes through the symbolic link /out"),
                e.getMessage());
    }

    @Test
    void aHardLinkToSomethingNotInTheLayerIsRefused() {
        LayerContentException e = refused(new TarBuilder().dir("etc", 0755).hardlink("h", "etc/missing"));

        assertEquals("layer entry \"h\": hard link target \"etc/missing\" is not in the layer", e.getMessage());
    }

    @Test
    void aHardLinkToADirectoryIsRefused() {
        assertEquals("layer entry \"h\": hard link to a directory",
                refused(new TarBuilder().dir("d", 0755).hardlink("h", "d")).getMessage());
    }

    @Test
    void metadataOfALinkEntryNeverReachesItsTarget() throws IOException {
        unpack(new TarBuilder()
                .symlink("link", outside.resolve("victim").toString()).owner(1234, 1234)
                .mtime(FileTime.fromMillis(0)).xattr("trusted.x", "y"));

        Path link = target.resolve("link");
        assertEquals(1234, Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(fake.xattr(link, "trusted.x").isPresent());
    }

    @Test
    void anEntryOverALinkReplacesTheLinkInsteadOfWritingThroughIt() throws IOException {
        unpack(new TarBuilder()
                .symlink("file-link", outside.resolve("victim").toString())
                .file("file-link", "mine", 0777).owner(1234, 1234)
                .symlink("dir-link", outside.toString())
                .dir("dir-link", 0777)
                .symlink("hard-link", outside.resolve("victim").toString())
                .file("real", "r", 0644)
                .hardlink("hard-link", "real"));

        assertEquals("mine", Files.readString(target.resolve("file-link")));
        assertTrue(Files.isDirectory(target.resolve("dir-link"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("r", Files.readString(target.resolve("hard-link")));
    }

    @Test
    void aWhiteoutLaterReachedThroughALinkTouchesNothingOutside() throws IOException {
        Files.createDirectories(target.resolve("a"));
        Files.writeString(target.resolve("a/victim"), "lower");

        unpack(new TarBuilder()
                .whiteout("a/.wh.victim")
                .whiteout("a/.wh..wh..opq")
                .symlink("a", outside.toString()));

        assertEquals(outside, Files.readSymbolicLink(target.resolve("a")));
    }

    @Test
    void aDirectoryTimeLaterReachedThroughALinkTouchesNothingOutside() throws IOException {
        unpack(new TarBuilder()
                .dir("d", 0755).mtime(FileTime.fromMillis(0))
                .symlink("d", outside.toString()));

        assertTrue(Files.isSymbolicLink(target.resolve("d")));
    }
}
