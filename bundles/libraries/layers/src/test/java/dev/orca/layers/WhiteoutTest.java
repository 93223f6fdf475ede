package dev.orca.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.layers.testing.FakeFileCalls;
import dev.orca.layers.testing.TarBuilder;
import dev.orca.os.DeviceNumber;
import dev.orca.os.NodeType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whiteouts and opaque directories, in overlay form (markers) and vfs form (applied to the lower content). */
class WhiteoutTest {

    @TempDir
    Path tmp;
    Path target;
    final FakeFileCalls fake = new FakeFileCalls();

    @BeforeEach
    void target() throws IOException {
        target = Files.createDirectory(tmp.resolve("target")).toRealPath();
    }

    void unpack(WhiteoutTreatment treatment, TarBuilder tar) throws IOException {
        new LayerUnpacker(fake.calls(), treatment, SpecialFiles.REFUSE)
                .unpack(new ByteArrayInputStream(tar.bytes()), target);
    }

    void overlay(TarBuilder tar) throws IOException {
        unpack(new OverlayWhiteouts(fake.calls().deviceNodes(), fake.calls().extendedAttributes()), tar);
    }

    void vfs(TarBuilder tar) throws IOException {
        unpack(new VfsWhiteouts(), tar);
    }

    List<String> names(String dir) throws IOException {
        try (Stream<Path> files = Files.list(target.resolve(dir))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    void lower(String... files) throws IOException {
        for (String file : files) {
            Path path = target.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "lower");
        }
    }

    @Test
    void overlayMarksAWhiteoutWithACharacterDevice00() throws IOException {
        overlay(new TarBuilder().dir("etc", 0755).whiteout("etc/.wh.motd"));

        assertEquals(new FakeFileCalls.Node(NodeType.CHARACTER_DEVICE, DeviceNumber.NONE),
                fake.nodes.get(target.resolve("etc/motd")));
        assertFalse(Files.exists(target.resolve("etc/.wh.motd")));
    }

    @Test
    void overlayMarksAnOpaqueDirectoryWithItsAttribute() throws IOException {
        overlay(new TarBuilder().dir("var/cache", 0755).whiteout("var/cache/.wh..wh..opq").file("var/cache/n", "", 0644));

        assertArrayEquals(new byte[] {'y'}, fake.xattr(target.resolve("var/cache"), "trusted.overlay.opaque")
                .orElseThrow());
        assertEquals(List.of("n"), names("var/cache"));
    }

    @Test
    void overlayLetsAnEntryOfTheSameLayerWinOverItsWhiteout() throws IOException {
        overlay(new TarBuilder().file("f", "mine", 0644).whiteout(".wh.f").whiteout(".wh.d").dir("d", 0755));

        assertEquals("mine", Files.readString(target.resolve("f")));
        assertTrue(fake.nodes.isEmpty());
        // a whiteout of a directory this layer makes again hides what lower layers had in it
        assertTrue(fake.xattr(target.resolve("d"), "trusted.overlay.opaque").isPresent());
    }

    @Test
    void vfsDeletesAWhitedOutFileOrDirectory() throws IOException {
        lower("etc/motd", "etc/keep", "opt/app/bin/run");

        vfs(new TarBuilder().whiteout("etc/.wh.motd").whiteout(".wh.opt"));

        assertEquals(List.of("keep"), names("etc"));
        assertFalse(Files.exists(target.resolve("opt"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void vfsEmptiesAnOpaqueDirectoryOfLowerContentOnlyWhateverTheOrder() throws IOException {
        lower("cache/old1", "cache/sub/old2", "cache/sub2/old3", "other/keep");

        vfs(new TarBuilder()
                .file("cache/before", "b", 0644)
                .dir("cache/sub", 0755)
                .file("cache/sub/new", "n", 0644)
                .whiteout("cache/.wh..wh..opq")
                .file("cache/after", "a", 0644));

        assertEquals(List.of("after", "before", "sub"), names("cache"));
        assertEquals(List.of("new"), names("cache/sub"));
        assertEquals(List.of("keep"), names("other"));
        assertFalse(Files.exists(target.resolve("cache/.wh..wh..opq")));
    }

    @Test
    void vfsKeepsAnEntryOfTheSameLayerOverItsWhiteout() throws IOException {
        lower("f", "d/lower");

        vfs(new TarBuilder().file("f", "mine", 0644).whiteout(".wh.f").dir("d", 0755).file("d/mine", "", 0644)
                .whiteout(".wh.d"));

        assertEquals("mine", Files.readString(target.resolve("f")));
        assertEquals(List.of("mine"), names("d"));
    }

    @Test
    void aWhiteoutOfSomethingAbsentIsNothing() throws IOException {
        vfs(new TarBuilder().whiteout(".wh.never-was"));

        assertEquals(List.of(), names("."));
    }

    @Test
    void aufsMetadataIsIgnored() throws IOException {
        vfs(new TarBuilder().dir(".wh..wh.plnk", 0700).whiteout(".wh..wh.aufs"));

        assertFalse(Files.exists(target.resolve(".wh..wh.plnk")));
    }
}
