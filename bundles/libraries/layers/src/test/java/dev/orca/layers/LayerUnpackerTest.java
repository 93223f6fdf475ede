package dev.orca.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.layers.testing.FakeFileCalls;
import dev.orca.layers.testing.TarBuilder;
import dev.orca.os.DeviceNumber;
import dev.orca.os.NodeType;
import dev.orca.spi.LayerContentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction with fake device nodes and extended attributes: contents, metadata, links, names, digests. */
class LayerUnpackerTest {

    static final FileTime EARLY = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
    static final FileTime LATER = FileTime.from(Instant.parse("2011-11-11T11:11:11.5Z"));

    @TempDir
    Path tmp;
    Path target;
    final FakeFileCalls fake = new FakeFileCalls();

    @BeforeEach
    void target() throws IOException {
        target = Files.createDirectory(tmp.resolve("target")).toRealPath();
    }

    UnpackedLayer unpack(TarBuilder tar, SpecialFiles special) throws IOException {
        return new LayerUnpacker(fake.calls(), new VfsWhiteouts(), special)
                .unpack(new ByteArrayInputStream(tar.bytes()), target);
    }

    UnpackedLayer unpack(TarBuilder tar) throws IOException {
        return unpack(tar, SpecialFiles.REFUSE);
    }

    static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    static int gid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void keepsContentOwnersModesAndTimes() throws IOException {
        unpack(new TarBuilder()
                .dir("usr", 0755).mtime(EARLY)
                .dir("usr/bin", 02775).owner(0, 50).mtime(EARLY)
                .file("usr/bin/su", "#!su", 04755).owner(0, 0).mtime(LATER)
                .file("usr/bin/tool", "tool", 0640).owner(1000, 1001).mtime(LATER)
                .dir("tmp", 01777).mtime(LATER));

        Path su = target.resolve("usr/bin/su");
        assertEquals("#!su", Files.readString(su));
        assertEquals(04755, mode(su));
        assertEquals(LATER, Files.getLastModifiedTime(su));
        Path tool = target.resolve("usr/bin/tool");
        assertEquals(1000, uid(tool));
        assertEquals(1001, gid(tool));
        assertEquals(0640, mode(tool));
        assertEquals(02775, mode(target.resolve("usr/bin")));
        assertEquals(50, gid(target.resolve("usr/bin")));
        assertEquals(01777, mode(target.resolve("tmp")));
        // directories get their times after their content is written
        assertEquals(EARLY, Files.getLastModifiedTime(target.resolve("usr/bin")));
        assertEquals(EARLY, Files.getLastModifiedTime(target.resolve("usr")));
    }

    @Test
    void makesMissingParentsOfAnEntry() throws IOException {
        unpack(new TarBuilder().file("a/b/c/file", "x", 0600));

        assertEquals("x", Files.readString(target.resolve("a/b/c/file")));
        assertEquals(0755, mode(target.resolve("a/b")));
    }

    @Test
    void keepsSymbolicLinksAsLinksWithTheirOwner() throws IOException {
        unpack(new TarBuilder()
                .file("etc/real", "r", 0644)
                .symlink("etc/alias", "real").owner(33, 33).mtime(EARLY)
                .symlink("etc/absolute", "/etc/passwd"));

        assertEquals(Path.of("real"), Files.readSymbolicLink(target.resolve("etc/alias")));
        assertEquals(33, uid(target.resolve("etc/alias")));
        assertEquals(EARLY, Files.getLastModifiedTime(target.resolve("etc/alias"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(target.resolve("etc/absolute")));
    }

    @Test
    void makesHardLinksToEarlierEntries() throws IOException {
        unpack(new TarBuilder()
                .file("bin/busybox", "bb", 0755)
                .hardlink("bin/sh", "bin/busybox")
                .hardlink("./bin/ls", "./bin/busybox"));

        Object key = Files.readAttributes(target.resolve("bin/busybox"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        for (String link : new String[] {"bin/sh", "bin/ls"}) {
            assertEquals(key, Files.readAttributes(target.resolve(link),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey(), link);
        }
        assertEquals(3, Files.getAttribute(target.resolve("bin/sh"), "unix:nlink"));
    }

    @Test
    void keepsLongNamesAndLongLinkTargets() throws IOException {
        String deep = "d".repeat(90) + "/" + "e".repeat(90) + "/" + "f".repeat(120);
        String longTarget = "../" + "t".repeat(200);

        unpack(new TarBuilder().file(deep, "deep", 0644).symlink("link", longTarget).hardlink("hard", deep));

        assertEquals("deep", Files.readString(target.resolve(deep)));
        assertEquals(longTarget, Files.readSymbolicLink(target.resolve("link")).toString());
        assertEquals("deep", Files.readString(target.resolve("hard")));
    }

    @Test
    void keepsGnuLongNames() throws IOException {
        String deep = "g".repeat(150) + "/" + "h".repeat(150);

        unpack(new TarBuilder().gnuLongNames().file(deep, "gnu", 0644).symlink("l", "x".repeat(300)));

        assertEquals("gnu", Files.readString(target.resolve(deep)));
        assertEquals("x".repeat(300), Files.readSymbolicLink(target.resolve("l")).toString());
    }

    @Test
    void keepsExtendedAttributesTextAndBinary() throws IOException {
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, (byte) 0xff, (byte) 0xfe, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0};

        unpack(new TarBuilder()
                .file("ping", "p", 0755).rawXattr("security.capability", capability)
                .file("doc", "d", 0644).xattr("user.mime_type", "text/plain").xattr("user.ünï", "çödé"));

        assertArrayEquals(capability, fake.xattr(target.resolve("ping"), "security.capability").orElseThrow());
        assertEquals("text/plain", new String(fake.xattr(target.resolve("doc"), "user.mime_type").orElseThrow(),
                StandardCharsets.UTF_8));
        assertEquals("çödé", new String(fake.xattr(target.resolve("doc"), "user.ünï").orElseThrow(),
                StandardCharsets.UTF_8));
    }

    @Test
    void dropsOverlayAttributesALayerCarries() throws IOException {
        unpack(new TarBuilder().dir("d", 0755).xattr("trusted.overlay.redirect", "/etc").xattr("user.ok", "1"));

        assertFalse(fake.xattr(target.resolve("d"), "trusted.overlay.redirect").isPresent());
        assertTrue(fake.xattr(target.resolve("d"), "user.ok").isPresent());
    }

    @Test
    void refusesDevicesAndFifosUnlessAllowed() throws IOException {
        LayerContentException e = assertThrows(LayerContentException.class,
                () -> unpack(new TarBuilder().fifo("run/pipe", 0600)));
        assertEquals("layer entry \"run/pipe\": device nodes and fifos are refused here", e.getMessage());

        LayerContentException device = assertThrows(LayerContentException.class,
                () -> unpack(new TarBuilder().charDevice("dev/null", 1, 3, 0666)));
        assertTrue(device.getMessage().startsWith("layer entry \"dev/null\""), device.getMessage());
        assertFalse(Files.exists(target.resolve("dev/null")));
    }

    @Test
    void makesDevicesAndFifosWhenAllowed() throws IOException {
        unpack(new TarBuilder().fifo("run/pipe", 0620).charDevice("dev/null", 1, 3, 0666).owner(0, 5),
                SpecialFiles.ALLOW);

        assertEquals(new FakeFileCalls.Node(NodeType.FIFO, new DeviceNumber(0, 0)),
                fake.nodes.get(target.resolve("run/pipe")));
        assertEquals(new FakeFileCalls.Node(NodeType.CHARACTER_DEVICE, new DeviceNumber(1, 3)),
                fake.nodes.get(target.resolve("dev/null")));
        assertEquals(0620, mode(target.resolve("run/pipe")));
        assertEquals(5, gid(target.resolve("dev/null")));
    }

    @Test
    void aFileReplacesADirectoryAndADirectoryMergesIntoADirectory() throws IOException {
        Files.createDirectories(target.resolve("was-dir/inner"));
        Files.writeString(target.resolve("was-dir/inner/f"), "old");
        Files.createDirectories(target.resolve("merged"));
        Files.writeString(target.resolve("merged/old"), "old");
        Files.writeString(target.resolve("was-file"), "old");
        Files.createSymbolicLink(target.resolve("was-link"), Path.of("merged"));

        unpack(new TarBuilder()
                .file("was-dir", "now a file", 0644)
                .dir("merged", 0700)
                .file("merged/new", "new", 0644)
                .dir("was-file", 0755)
                .file("was-link", "now a file", 0644));

        assertEquals("now a file", Files.readString(target.resolve("was-dir")));
        assertEquals("old", Files.readString(target.resolve("merged/old")));
        assertEquals("new", Files.readString(target.resolve("merged/new")));
        assertEquals(0700, mode(target.resolve("merged")));
        assertTrue(Files.isDirectory(target.resolve("was-file"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(target.resolve("was-link"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aDirectoryReplacedByALinkSendsTheEntriesAfterItThroughTheLink() throws IOException {
        unpack(new TarBuilder()
                .file("a/x", "x", 0644)
                .dir("b", 0755)
                .symlink("a", "b")
                .file("a/y", "y", 0644)
                .file("a/z/deeper", "z", 0644));

        assertTrue(Files.isSymbolicLink(target.resolve("a")));
        assertEquals("y", Files.readString(target.resolve("b/y")));
        assertEquals("z", Files.readString(target.resolve("b/z/deeper")));
        assertFalse(Files.exists(target.resolve("b/x")), "a/x went with the directory the link replaced");
    }

    @Test
    void aNameGivenTwiceHoldsTheLaterEntry() throws IOException {
        unpack(new TarBuilder()
                .file("f", "one", 0600)
                .file("f", "two", 0644).mtime(LATER)
                .symlink("g", "f")
                .file("g", "three", 0640));

        assertEquals("two", Files.readString(target.resolve("f")));
        assertEquals(0644, mode(target.resolve("f")));
        assertEquals(LATER, Files.getLastModifiedTime(target.resolve("f")));
        assertTrue(Files.isRegularFile(target.resolve("g"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("three", Files.readString(target.resolve("g")));
    }

    @Test
    void modesTheUmaskWouldNarrowOrThatCarrySpecialBitsAreExact() throws IOException {
        unpack(new TarBuilder()
                .file("open", "o", 0666)
                .file("all", "a", 0777)
                .file("private", "p", 0600)
                .file("none", "n", 0)
                .file("sticky", "s", 01755)
                .file("setgid", "g", 02750));

        assertEquals(0666, mode(target.resolve("open")));
        assertEquals(0777, mode(target.resolve("all")));
        assertEquals(0600, mode(target.resolve("private")));
        assertEquals(0, mode(target.resolve("none")));
        assertEquals(01755, mode(target.resolve("sticky")));
        assertEquals(02750, mode(target.resolve("setgid")));
    }

    @Test
    void aFileInASetgidDirectoryTakesTheGroupItsEntryNames() throws IOException {
        assumeTrue(uid(tmp) == 0, "root only: chown to another group");
        Files.setAttribute(target, "unix:gid", 4321);
        Files.setAttribute(target, "unix:mode", 02775);
        Path existing = Files.createDirectory(target.resolve("existing"));
        Files.setAttribute(existing, "unix:gid", 4321);
        Files.setAttribute(existing, "unix:mode", 02775);

        unpack(new TarBuilder()
                .file("top", "t", 0644).owner(0, 0)
                .file("existing/inside", "i", 0644).owner(0, 0)
                .dir("made", 02775).owner(0, 777)
                .file("made/inside", "m", 0644).owner(0, 0)
                .file("made/plain/inside", "p", 0644).owner(0, 0));

        assertEquals(0, gid(target.resolve("top")), "the root was setgid before the layer");
        assertEquals(0, gid(target.resolve("existing/inside")), "a directory the layer did not make");
        assertEquals(0, gid(target.resolve("made/inside")), "a setgid directory of the layer's");
        assertEquals(0, gid(target.resolve("made/plain/inside")), "made for the entry: mode 0755, no setgid");
    }

    @Test
    void aMergedDirectoryTakesTheAttributesOfTheNewEntry() throws IOException {
        Files.createDirectories(target.resolve("d"));
        fake.calls().extendedAttributes().set(target.resolve("d"), "user.old", new byte[] {1});
        fake.calls().extendedAttributes().set(target.resolve("d"), "trusted.overlay.opaque", new byte[] {'y'});

        unpack(new TarBuilder().dir("d", 0755).xattr("user.new", "2"));

        assertFalse(fake.xattr(target.resolve("d"), "user.old").isPresent());
        assertTrue(fake.xattr(target.resolve("d"), "user.new").isPresent());
        assertTrue(fake.xattr(target.resolve("d"), "trusted.overlay.opaque").isPresent());
    }

    @Test
    void followsARelativeLinkThatStaysInside() throws IOException {
        unpack(new TarBuilder()
                .dir("usr/lib", 0755)
                .symlink("lib", "usr/lib")
                .symlink("usr/lib64", "../usr/./lib")
                .file("lib/libc.so", "c", 0755)
                .file("usr/lib64/libm.so", "m", 0755));

        assertEquals("c", Files.readString(target.resolve("usr/lib/libc.so")));
        assertEquals("m", Files.readString(target.resolve("usr/lib/libm.so")));
        assertTrue(Files.isSymbolicLink(target.resolve("lib")));
    }

    @Test
    void appliesTheRootEntryToTheTargetItself() throws IOException {
        unpack(new TarBuilder().dir("./", 0711).mtime(EARLY).file("f", "x", 0644));

        assertEquals(0711, mode(target));
        assertEquals(EARLY, Files.getLastModifiedTime(target));
    }

    @Test
    void digestsEveryByteIncludingPaddingAndReadsToTheEnd() throws IOException {
        TarBuilder tar = new TarBuilder().file("a", "a", 0644).padding(10240 - 3072 + 7);
        byte[] bytes = tar.bytes();
        InputStream in = new ByteArrayInputStream(bytes);

        UnpackedLayer layer = new LayerUnpacker(fake.calls(), new VfsWhiteouts(), SpecialFiles.REFUSE).unpack(in,
                target);

        assertEquals(TarBuilder.sha256(bytes), layer.diffId());
        assertEquals(bytes.length, layer.tarBytes());
        assertEquals(1, layer.entries());
        assertEquals(-1, in.read());
    }

    @Test
    void anEmptyStreamIsAnEmptyLayer() throws IOException {
        UnpackedLayer layer = new LayerUnpacker(fake.calls(), new VfsWhiteouts(), SpecialFiles.REFUSE)
                .unpack(new ByteArrayInputStream(new byte[0]), target);

        assertEquals(TarBuilder.sha256(new byte[0]), layer.diffId());
        assertEquals(0, layer.entries());
    }

    @Test
    void digestWithoutExtractingReadsEverything() throws IOException {
        byte[] bytes = new TarBuilder().file("a", "a", 0644).padding(100).bytes();

        assertEquals(TarBuilder.sha256(bytes), LayerUnpacker.digest(new ByteArrayInputStream(bytes)));
    }

    @Test
    void aMalformedTarIsRefusedAsContent() {
        byte[] garbage = new byte[1024];
        java.util.Arrays.fill(garbage, (byte) 'x');

        LayerContentException e = assertThrows(LayerContentException.class,
                () -> new LayerUnpacker(fake.calls(), new VfsWhiteouts(), SpecialFiles.REFUSE)
                        .unpack(new ByteArrayInputStream(garbage), target));
        assertTrue(e.getMessage().startsWith("layer tar is malformed after 0 entries"), e.getMessage());
    }

    @Test
    void aTruncatedTarIsRefusedAsContent() {
        byte[] whole = new TarBuilder().file("big", "x".repeat(5000), 0644).bytes();
        byte[] cut = java.util.Arrays.copyOf(whole, 512 + 1000);

        LayerContentException e = assertThrows(LayerContentException.class,
                () -> new LayerUnpacker(fake.calls(), new VfsWhiteouts(), SpecialFiles.REFUSE)
                        .unpack(new ByteArrayInputStream(cut), target));
        assertTrue(e.getMessage().startsWith("layer entry \"big\""), e.getMessage());
    }

    @Test
    void aFailingStreamIsNotBlamedOnTheContent() {
        byte[] whole = new TarBuilder().file("big", "x".repeat(5000), 0644).bytes();
        IOException broken = new IOException("connection reset");
        InputStream failing = new InputStream() {
            int position;

            @Override
            public int read() throws IOException {
                if (position == 1500) {
                    throw broken;
                }
                return whole[position++] & 0xff;
            }
        };

        IOException e = assertThrows(IOException.class,
                () -> new LayerUnpacker(fake.calls(), new VfsWhiteouts(), SpecialFiles.REFUSE).unpack(failing, target));
        assertEquals(broken, e);
    }
}
