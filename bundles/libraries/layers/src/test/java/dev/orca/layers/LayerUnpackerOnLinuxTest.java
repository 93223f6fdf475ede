package dev.orca.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.layers.testing.TarBuilder;
import dev.orca.os.DeviceNumber;
import dev.orca.os.ExtendedAttributes;
import dev.orca.os.FileCalls;
import dev.orca.os.Linux;
import dev.orca.os.NodeType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Extraction with the real kernel calls, as root: special files, attributes, whiteout markers, link metadata. */
class LayerUnpackerOnLinuxTest {

    static final FileTime TIME = FileTime.from(Instant.parse("2015-05-05T05:05:05.25Z"));

    @TempDir
    Path tmp;
    Path target;
    final FileCalls calls = Linux.fileCalls();
    final ExtendedAttributes xattrs = calls.extendedAttributes();

    @BeforeEach
    void target() throws IOException {
        assumeTrue(isRoot(), "needs root");
        target = Files.createDirectory(tmp.resolve("target")).toRealPath();
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    void unpack(WhiteoutTreatment whiteouts, TarBuilder tar) throws IOException {
        new LayerUnpacker(calls, whiteouts, SpecialFiles.ALLOW).unpack(new ByteArrayInputStream(tar.bytes()), target);
    }

    static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    @Timeout(30)
    void makesRealFifosAndDevicesWithOwnersModesAndTimes() throws IOException {
        unpack(new VfsWhiteouts(), new TarBuilder()
                .fifo("run/fifo", 0640).owner(7, 8).mtime(TIME)
                .charDevice("dev/null", 1, 3, 0666).mtime(TIME));

        Path fifo = target.resolve("run/fifo");
        assertEquals(NodeType.FIFO, NodeType.ofMode(mode(fifo)).orElseThrow());
        assertEquals(0640, mode(fifo) & 07777);
        assertEquals(7, Files.getAttribute(fifo, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(TIME, Files.getLastModifiedTime(fifo, LinkOption.NOFOLLOW_LINKS));
        Path dev = target.resolve("dev/null");
        assertEquals(new DeviceNumber(1, 3),
                DeviceNumber.decode((Long) Files.getAttribute(dev, "unix:rdev", LinkOption.NOFOLLOW_LINKS)));
        assertEquals(0666, mode(dev) & 07777);
    }

    @Test
    void keepsSetuidAndCapabilitiesAfterTheOwnerIsSet() throws IOException {
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        unpack(new VfsWhiteouts(), new TarBuilder()
                .file("bin/su", "su", 04755).owner(0, 0)
                .file("bin/sg", "sg", 02755).owner(1000, 1000)
                .file("bin/ping", "ping", 0755).owner(1000, 1000).rawXattr("security.capability", capability)
                .dir("data", 0750).xattr("trusted.note", "t").xattr("user.note", "u"));

        assertEquals(04755, mode(target.resolve("bin/su")) & 07777);
        assertEquals(02755, mode(target.resolve("bin/sg")) & 07777);
        assertArrayEquals(capability, xattrs.get(target.resolve("bin/ping"), "security.capability").orElseThrow());
        assertEquals("t", new String(xattrs.get(target.resolve("data"), "trusted.note").orElseThrow(),
                StandardCharsets.UTF_8));
        assertEquals("u", new String(xattrs.get(target.resolve("data"), "user.note").orElseThrow(),
                StandardCharsets.UTF_8));
    }

    @Test
    void overlayWhiteoutsAreWhatOverlayfsReads() throws IOException {
        unpack(new OverlayWhiteouts(calls.deviceNodes(), xattrs), new TarBuilder()
                .dir("etc", 0755).whiteout("etc/.wh.motd")
                .dir("cache", 0755).whiteout("cache/.wh..wh..opq"));

        Path whiteout = target.resolve("etc/motd");
        assertEquals(NodeType.CHARACTER_DEVICE, NodeType.ofMode(mode(whiteout)).orElseThrow());
        assertEquals(DeviceNumber.NONE,
                DeviceNumber.decode((Long) Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS)));
        assertArrayEquals(new byte[] {'y'}, xattrs.get(target.resolve("cache"), "trusted.overlay.opaque")
                .orElseThrow());
    }

    @Test
    void metadataOfALinkStaysOnTheLink() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside"), "o");
        FileTime before = Files.getLastModifiedTime(outside);

        unpack(new VfsWhiteouts(), new TarBuilder()
                .symlink("link", outside.toString()).owner(4321, 4321).mtime(TIME).xattr("trusted.l", "1"));

        Path link = target.resolve("link");
        assertEquals(4321, Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(TIME, Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(xattrs.get(link, "trusted.l").isPresent());
        assertEquals(0, Files.getAttribute(outside, "unix:uid"));
        assertEquals(before, Files.getLastModifiedTime(outside));
        assertEquals(Optional.empty(), xattrs.get(outside, "trusted.l"));
    }
}
