package dev.orca.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.layers.testing.FakeFileCalls;
import dev.orca.layers.testing.TarBuilder;
import dev.orca.layers.testing.TreeSnapshot;
import dev.orca.spi.LayerContentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breakout shapes containerd's archive tests name, and more, one test each: every layer either is refused with
 * a {@link LayerContentException} (never another exception) or lands inside its directory only. The whole temporary
 * tree around the target — a sibling {@code outside/} with a file, a directory and a setuid file in it, and a file
 * beside both — is compared before and after each test, ctime and link counts included, so a chmod, chown, hard
 * link or attribute through a link shows; no fake device node or attribute may land outside either.
 */
class LayerBreakoutTest {

    @TempDir
    Path tmp;
    Path target;
    Path outside;
    Map<Path, String> before;
    final FakeFileCalls fake = new FakeFileCalls();

    @BeforeEach
    void tree() throws IOException {
        target = Files.createDirectory(tmp.resolve("target")).toRealPath();
        outside = Files.createDirectory(tmp.resolve("outside")).toRealPath();
        Files.setAttribute(Files.writeString(outside.resolve("victim"), "untouched"), "unix:mode", 0600);
        Files.writeString(Files.createDirectory(outside.resolve("dir")).resolve("file"), "untouched");
        Files.setAttribute(Files.writeString(outside.resolve("setuid"), "untouched"), "unix:mode", 04755);
        Files.writeString(tmp.resolve("beside"), "untouched");
        before = TreeSnapshot.of(tmp.toRealPath(), target);
    }

    @AfterEach
    void nothingOutsideChanged() throws IOException {
        assertEquals(before, TreeSnapshot.of(tmp.toRealPath(), target));
        for (Path path : before.keySet()) {
            if (!path.equals(target)) {
                assertFalse(fake.hasXattrs(path), "an attribute landed on " + path);
            }
        }
        fake.nodes.keySet().forEach(node -> assertTrue(node.startsWith(target), "a node landed at " + node));
    }

    void unpack(TarBuilder tar, SpecialFiles special) throws IOException {
        unpack(tar.bytes(), special);
    }

    void unpack(byte[] tar, SpecialFiles special) throws IOException {
        new LayerUnpacker(fake.calls(), new VfsWhiteouts(), special).unpack(new ByteArrayInputStream(tar), target);
    }

    LayerContentException refused(TarBuilder tar) {
        return refused(tar.bytes(), SpecialFiles.REFUSE);
    }

    LayerContentException refused(byte[] tar, SpecialFiles special) {
        return assertThrows(LayerContentException.class, () -> unpack(tar, special));
    }

    void assertRefused(TarBuilder tar, String why) {
        LayerContentException e = refused(tar);
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    static TarArchiveEntry absolute(String name, byte type, String link) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(link);
        entry.setMode(0644);
        return entry;
    }

    String out(String child) {
        return outside.resolve(child).toString();
    }

    // absolute names and '..'

    @Test
    void absoluteFileName() {
        assertRefused(new TarBuilder().absoluteFile(out("new"), "x"), "absolute paths are refused");
    }

    @Test
    void absoluteDirectoryName() {
        assertRefused(new TarBuilder().entry(absolute(out("newdir") + "/", TarConstants.LF_DIR, ""), new byte[0]),
                "absolute paths are refused");
    }

    @Test
    void absoluteSymlinkName() {
        assertRefused(new TarBuilder().entry(absolute(out("link"), TarConstants.LF_SYMLINK, "x"), new byte[0]),
                "absolute paths are refused");
    }

    @Test
    void absoluteNameOverwritingAnExistingFile() {
        assertRefused(new TarBuilder().absoluteFile(out("victim"), "overwritten"), "absolute paths are refused");
    }

    @Test
    void dotDotAtTheStart() {
        assertRefused(new TarBuilder().file("../outside/new", "x", 0644), "'..' in a path is refused");
    }

    @Test
    void dotDotInTheMiddle() {
        assertRefused(new TarBuilder().dir("a", 0755).file("a/../../outside/victim", "x", 0644),
                "'..' in a path is refused");
    }

    @Test
    void dotDotThatWouldStayInside() {
        assertRefused(new TarBuilder().dir("a", 0755).file("a/../b", "x", 0644), "'..' in a path is refused");
    }

    @Test
    void dotDotDirectoryEntry() {
        assertRefused(new TarBuilder().dir("../outside/dir", 0777), "'..' in a path is refused");
    }

    // symbolic links

    @Test
    void fileThroughAnAbsoluteSymlinkOutside() {
        assertRefused(new TarBuilder().symlink("escape", outside.toString()).file("escape/new", "x", 0644),
                "which is absolute");
    }

    @Test
    void aDirectoryTheLayerUsedThenReplacedByAnAbsoluteLink() {
        // "a" is resolved for a/x, then becomes a link: a/y must be resolved again, not written through the kernel
        assertRefused(new TarBuilder().file("a/x", "x", 0644).symlink("a", outside.toString())
                .file("a/victim", "overwritten", 0644), "which is absolute");
    }

    @Test
    void symlinkToRootThenWriteThroughIt() {
        assertRefused(new TarBuilder().symlink("root", "/").file("root" + outside + "/victim", "x", 0644),
                "which is absolute");
    }

    @Test
    void symlinkToDotDotThenWriteThroughIt() {
        assertRefused(new TarBuilder().symlink("up", "..").file("up/outside/victim", "x", 0644),
                "leads out of the layer");
    }

    @Test
    void relativeSymlinkClimbingOutThenWriteThroughIt() {
        assertRefused(new TarBuilder().dir("a/b", 0755).symlink("a/b/up", "../../../outside")
                .file("a/b/up/victim", "x", 0644), "leads out of the layer");
    }

    @Test
    void symlinkChainOutOfTheRoot() {
        assertRefused(new TarBuilder()
                .symlink("one", "two")
                .symlink("two", "three/..")
                .dir("three", 0755)
                .symlink("three/four", "../../outside")
                .file("one/three/four/victim", "x", 0644), "leads out of the layer");
    }

    @Test
    void symlinkChainEndingInAnAbsoluteLink() {
        assertRefused(new TarBuilder().symlink("one", "two").symlink("two", outside.toString())
                .file("one/victim", "x", 0644), "which is absolute");
    }

    @Test
    void symlinkLoop() {
        assertRefused(new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/f", "x", 0644),
                "too many symbolic links");
    }

    @Test
    void symlinkOfALowerLayerPointingOutside() throws IOException {
        Files.createSymbolicLink(target.resolve("lower-link"), outside);
        assertRefused(new TarBuilder().file("lower-link/victim", "overwritten", 0644), "which is absolute");
    }

    @Test
    void fileEntryOverASymlinkReplacesTheLink() throws IOException {
        unpack(new TarBuilder().symlink("link", out("victim")).file("link", "mine", 0644), SpecialFiles.REFUSE);
        assertEquals("mine", Files.readString(target.resolve("link"), StandardCharsets.UTF_8));
    }

    @Test
    void directoryEntryOverASymlinkToOutsideReplacesTheLink() throws IOException {
        Files.createSymbolicLink(target.resolve("lower-link"), outside);
        unpack(new TarBuilder().dir("lower-link", 0777).file("lower-link/victim", "mine", 0644), SpecialFiles.REFUSE);
        assertTrue(Files.isDirectory(target.resolve("lower-link"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void directoryReplacedBySymlinkThenFileWrittenUnderIt() {
        assertRefused(new TarBuilder().dir("d", 0755).file("d/inside", "x", 0644)
                .symlink("d", outside.toString()).file("d/victim", "x", 0644), "which is absolute");
    }

    @Test
    void directoryReplacedByRelativeSymlinkThenFileWrittenUnderIt() {
        assertRefused(new TarBuilder().dir("d", 0755).symlink("d", "../outside").file("d/victim", "x", 0644),
                "leads out of the layer");
    }

    @Test
    void symlinkWithoutATarget() {
        assertRefused(new TarBuilder().symlink("empty", ""), "symbolic link without a target");
    }

    // hard links

    @Test
    void hardLinkToAnAbsolutePath() {
        assertRefused(new TarBuilder().hardlink("h", out("victim")), "absolute paths are refused");
    }

    @Test
    void hardLinkWithDotDot() {
        assertRefused(new TarBuilder().hardlink("h", "../outside/victim"), "'..' in a path is refused");
    }

    @Test
    void hardLinkThroughASymlinkOutside() {
        assertRefused(new TarBuilder().symlink("out", outside.toString()).hardlink("h", "out/victim"),
                "which is absolute");
    }

    @Test
    void hardLinkThroughASymlinkToRoot() {
        assertRefused(new TarBuilder().symlink("root", "/").hardlink("h", "root" + outside + "/victim"),
                "which is absolute");
    }

    @Test
    void hardLinkThroughARelativeSymlinkClimbingOut() {
        assertRefused(new TarBuilder().symlink("up", "..").hardlink("h", "up/outside/victim"),
                "leads out of the layer");
    }

    @Test
    void hardLinkToASymlinkPointingOutsideLinksTheSymlinkItself() throws IOException {
        unpack(new TarBuilder().symlink("s", out("victim")).hardlink("h", "s"), SpecialFiles.REFUSE);
        assertEquals(outside.resolve("victim"), Files.readSymbolicLink(target.resolve("h")));
    }

    @Test
    void hardLinkToSomethingNotInTheLayer() {
        assertRefused(new TarBuilder().hardlink("h", "missing"), "is not in the layer");
    }

    @Test
    void hardLinkToADirectory() {
        assertRefused(new TarBuilder().dir("d", 0755).hardlink("h", "d"), "hard link to a directory");
    }

    @Test
    void hardLinkToTheRoot() {
        assertRefused(new TarBuilder().hardlink("h", "."), "hard link to the layer's root");
    }

    @Test
    void contentForAHardLinkedNameReplacesTheNameOnly() throws IOException {
        unpack(new TarBuilder().file("f", "first", 0644).hardlink("h", "f").file("h", "second", 0644),
                SpecialFiles.REFUSE);
        assertEquals("first", Files.readString(target.resolve("f")));
        assertEquals("second", Files.readString(target.resolve("h")));
    }

    // whiteouts

    @Test
    void whiteoutOfDotDot() {
        assertRefused(new TarBuilder().dir("a", 0755).whiteout("a/.wh..."), "whiteout of an invalid name");
    }

    @Test
    void whiteoutOfDot() {
        assertRefused(new TarBuilder().dir("a", 0755).whiteout("a/.wh.."), "whiteout of an invalid name");
    }

    @Test
    void whiteoutWithDotDotInItsPath() {
        assertRefused(new TarBuilder().whiteout("../outside/.wh.victim"), "'..' in a path is refused");
    }

    @Test
    void whiteoutWithAnAbsolutePath() {
        assertRefused(new TarBuilder().absoluteFile(outside + "/.wh.victim", ""), "absolute paths are refused");
    }

    @Test
    void whiteoutThroughASymlinkOutside() {
        assertRefused(new TarBuilder().symlink("out", outside.toString()).whiteout("out/.wh.victim"),
                "which is absolute");
    }

    @Test
    void whiteoutOfADirectoryLaterReplacedByASymlinkOutside() throws IOException {
        Files.writeString(Files.createDirectories(target.resolve("a")).resolve("victim"), "lower");
        unpack(new TarBuilder().whiteout("a/.wh.victim").symlink("a", outside.toString()), SpecialFiles.REFUSE);
        assertEquals(outside, Files.readSymbolicLink(target.resolve("a")));
    }

    @Test
    void opaqueWhiteoutThroughASymlinkOutside() {
        assertRefused(new TarBuilder().symlink("out", outside.toString()).whiteout("out/.wh..wh..opq"),
                "which is absolute");
    }

    @Test
    void opaqueDirectoryLaterReplacedByASymlinkOutside() throws IOException {
        Files.writeString(Files.createDirectories(target.resolve("a")).resolve("lower"), "lower");
        unpack(new TarBuilder().whiteout("a/.wh..wh..opq").symlink("a", outside.toString()), SpecialFiles.REFUSE);
        assertTrue(Files.isSymbolicLink(target.resolve("a")));
    }

    @Test
    void opaqueWhiteoutOfTheRootEmptiesTheTargetOnly() throws IOException {
        Files.writeString(target.resolve("lower"), "lower");
        Files.createSymbolicLink(target.resolve("lower-link"), outside);
        unpack(new TarBuilder().whiteout(".wh..wh..opq").file("mine", "m", 0644), SpecialFiles.REFUSE);
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(List.of(target.resolve("mine")), left.toList());
        }
    }

    // device nodes, fifos, modes, attributes

    @Test
    void characterDeviceWhereSpecialFilesAreRefused() {
        LayerContentException e = refused(new TarBuilder().charDevice("dev/mem", 1, 1, 0666).bytes(),
                SpecialFiles.REFUSE);
        assertTrue(e.getMessage().contains("device nodes and fifos are refused"), e.getMessage());
    }

    @Test
    void fifoWhereSpecialFilesAreRefused() {
        LayerContentException e = refused(new TarBuilder().fifo("pipe", 0644).bytes(), SpecialFiles.REFUSE);
        assertTrue(e.getMessage().contains("device nodes and fifos are refused"), e.getMessage());
    }

    @Test
    void deviceNodeThroughASymlinkOutside() {
        LayerContentException e = refused(new TarBuilder().symlink("out", outside.toString())
                .charDevice("out/mem", 1, 1, 0666).bytes(), SpecialFiles.ALLOW);
        assertTrue(e.getMessage().contains("which is absolute"), e.getMessage());
    }

    @Test
    void deviceNodeOverASymlinkToOutsideReplacesTheLink() throws IOException {
        unpack(new TarBuilder().symlink("mem", out("victim")).charDevice("mem", 1, 1, 0666).fifo("pipe", 0600),
                SpecialFiles.ALLOW);
        assertTrue(fake.nodes.containsKey(target.resolve("mem")));
        assertTrue(fake.nodes.containsKey(target.resolve("pipe")));
    }

    @Test
    void setuidAndSetgidBitsAreKeptOnTheFileInside() throws IOException {
        unpack(new TarBuilder().file("su", "x", 06755), SpecialFiles.REFUSE);
        assertEquals(06755, (Integer) Files.getAttribute(target.resolve("su"), "unix:mode") & 07777);
    }

    @Test
    void setuidModeAndOwnerOnASymlinkNeverReachItsTarget() throws IOException {
        unpack(new TarBuilder().symlink("s", out("victim")).mode(06777).owner(1234, 1234), SpecialFiles.REFUSE);
        assertEquals(1234, Files.getAttribute(target.resolve("s"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void capabilityAttributeOnASymlinkStaysOnTheLink() throws IOException {
        byte[] capability = {0, 0, 0, 2, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        unpack(new TarBuilder().symlink("s", out("setuid")).rawXattr("security.capability", capability),
                SpecialFiles.REFUSE);
        assertArrayEquals(capability, fake.xattr(target.resolve("s"), "security.capability").orElseThrow());
    }

    @Test
    void overlayAttributesCannotBeSmuggledIn() throws IOException {
        unpack(new TarBuilder().dir("d", 0755).xattr("trusted.overlay.opaque", "y")
                .xattr("trusted.overlay.redirect", "/outside"), SpecialFiles.REFUSE);
        assertFalse(fake.hasXattrs(target.resolve("d")));
    }

    // names and headers

    @Test
    void overlongNameComponent() {
        assertRefused(new TarBuilder().file("a".repeat(300), "x", 0644), "too long");
    }

    @Test
    void pathLongerThanTheKernelTakes() {
        assertRefused(new TarBuilder().file(("d".repeat(250) + "/").repeat(17) + "f", "x", 0644), "too long");
    }

    @Test
    void paxLongNameWithDotDot() {
        assertRefused(new TarBuilder().file("a/".repeat(60) + "../".repeat(61) + "outside/victim", "x", 0644),
                "'..' in a path is refused");
    }

    /** commons-compress drops the leading '/' of a GNU long name as it reads it: the file lands inside. */
    @Test
    void gnuLongNameThatIsAbsolute() throws IOException {
        String name = outside + "/" + "n".repeat(120);
        unpack(new TarBuilder().gnuLongNames().entry(absolute(name, TarConstants.LF_NORMAL, ""), new byte[0]),
                SpecialFiles.REFUSE);
        assertTrue(Files.isRegularFile(target.resolve(name.substring(1)), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void gnuLongLinkTargetWithDotDot() {
        assertRefused(new TarBuilder().gnuLongNames().hardlink("h", "x/".repeat(60) + "../".repeat(61)
                + "outside/victim"), "'..' in a path is refused");
    }

    @Test
    void paxPathReplacingASafeHeaderName() {
        assertRefused(new TarBuilder().file("safe", "x", 0644)
                .rawPax("path", "../outside/victim".getBytes(StandardCharsets.UTF_8)), "'..' in a path is refused");
    }

    @Test
    void paxLinkpathReplacingASafeLinkTarget() {
        assertRefused(new TarBuilder().file("f", "x", 0644).hardlink("h", "f")
                .rawPax("linkpath", out("victim").getBytes(StandardCharsets.UTF_8)), "absolute paths are refused");
    }

    @Test
    void nulByteInAPaxPath() {
        assertRefused(new TarBuilder().file("safe", "x", 0644)
                .rawPax("path", "a\0/../../outside/victim".getBytes(StandardCharsets.UTF_8)), "refused");
    }

    @Test
    void entryNamingTheRootThatIsNotADirectory() {
        assertRefused(new TarBuilder().file(".", "x", 0644), "names the layer's root");
    }

    // broken archives

    @Test
    void archiveTruncatedInsideContent() {
        byte[] tar = new TarBuilder().file("big", new byte[4096], 0644).bytes();
        refused(Arrays.copyOf(tar, 512 + 1000), SpecialFiles.REFUSE);
    }

    @Test
    void archiveTruncatedInsideAnEntrysPadding() {
        byte[] tar = new TarBuilder().file("a", "x", 0644).file("b", "y", 0644).bytes();
        assertTrue(refused(Arrays.copyOf(tar, 512 + 100), SpecialFiles.REFUSE).getMessage().contains("padding"));
    }

    @Test
    void archiveTruncatedInsideAHeader() {
        byte[] tar = new TarBuilder().file("a", "x", 0644).file("b", "y", 0644).bytes();
        refused(Arrays.copyOf(tar, 1024 + 200), SpecialFiles.REFUSE);
    }

    @Test
    void headerWithABadChecksum() {
        byte[] tar = new TarBuilder().file("a", "x", 0644).bytes();
        tar[148] = (byte) (tar[148] == '1' ? '2' : '1');
        assertTrue(refused(tar, SpecialFiles.REFUSE).getMessage().contains("malformed"));
    }

    @Test
    void paxSizeLargerThanTheArchive() {
        assertRefused(new TarBuilder().file("a", "x", 0644)
                .rawPax("size", "99999999999".getBytes(StandardCharsets.US_ASCII)), "layer");
    }
}
