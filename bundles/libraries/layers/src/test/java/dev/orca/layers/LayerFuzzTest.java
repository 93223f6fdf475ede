package dev.orca.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.layers.testing.FakeFileCalls;
import dev.orca.layers.testing.TarBuilder;
import dev.orca.layers.testing.TreeSnapshot;
import dev.orca.os.FileTrees;
import dev.orca.spi.LayerContentException;
import dev.orca.testkit.fuzz.FuzzBudget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Random and mutated layers through the extractor: each one is extracted or refused with a
 * {@link LayerContentException}, never another exception, and nothing outside the target changes (the whole
 * temporary tree beside it is compared, as in {@link LayerBreakoutTest}). The names, link targets and types are
 * drawn from the shapes breakouts are made of, so that random layers combine them in ways no named case does.
 */
@AddLifecycleHook(FuzzBudget.class)
class LayerFuzzTest {

    private static Path tmp;
    private static Path outside;

    @BeforeContainer
    static void outside() throws IOException {
        tmp = Files.createTempDirectory("orca-layer-fuzz").toRealPath();
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.setAttribute(Files.writeString(outside.resolve("victim"), "untouched"), "unix:mode", 0600);
        Files.writeString(Files.createDirectory(outside.resolve("dir")).resolve("file"), "untouched");
    }

    @AfterContainer
    static void removeTmp() throws IOException {
        FileTrees.delete(tmp);
    }

    enum Type { FILE, DIR, SYMLINK, HARDLINK, FIFO, CHAR_DEVICE, BLOCK_DEVICE, WHITEOUT, OPAQUE }

    record Entry(Type type, String name, String link, int mode, byte[] content, boolean absolute, String xattr) {
        @Override
        public String toString() {
            return type + " " + name + (link.isEmpty() ? "" : " -> " + link) + " " + Integer.toOctalString(mode)
                    + (xattr.isEmpty() ? "" : " xattr " + xattr) + " (" + content.length + " bytes)";
        }
    }

    @Property(tries = 1000)
    void randomLayersStayInside(@ForAll("layers") List<Entry> entries, @ForAll boolean specialFiles,
            @ForAll boolean overlay) throws IOException {
        byte[] tar;
        try {
            tar = tar(entries);
        } catch (RuntimeException e) {
            return; // a layer commons-compress cannot even write (a name it refuses): nothing to extract
        }
        extractAndCheck(tar, specialFiles, overlay);
    }

    @Property(tries = 1000)
    void mutatedLayersStayInside(@ForAll("layers") List<Entry> entries, @ForAll("mutations") List<int[]> mutations,
            @ForAll boolean specialFiles) throws IOException {
        byte[] tar;
        try {
            tar = tar(entries);
        } catch (RuntimeException e) {
            return;
        }
        extractAndCheck(mutate(tar, mutations), specialFiles, false);
    }

    @Property(tries = 1000)
    void randomBytesAreRefusedOrEmpty(@ForAll("bytes") byte[] bytes) throws IOException {
        extractAndCheck(bytes, false, false);
    }

    private void extractAndCheck(byte[] tar, boolean specialFiles, boolean overlay) throws IOException {
        Path target = Files.createDirectory(tmp.resolve("target"));
        FakeFileCalls fake = new FakeFileCalls();
        try {
            Files.writeString(Files.createDirectory(target.resolve("a")).resolve("lower"), "lower");
            Files.createSymbolicLink(target.resolve("lower-link"), outside);
            Map<Path, String> before = TreeSnapshot.of(tmp, target);
            WhiteoutTreatment whiteouts = overlay ? new OverlayWhiteouts(fake.calls().deviceNodes(),
                    fake.calls().extendedAttributes()) : new VfsWhiteouts();
            try {
                new LayerUnpacker(fake.calls(), whiteouts, specialFiles ? SpecialFiles.ALLOW : SpecialFiles.REFUSE)
                        .unpack(new ByteArrayInputStream(tar), target);
            } catch (LayerContentException refused) {
                assertFalse(refused.getMessage().isBlank());
            }
            assertEquals(before, TreeSnapshot.of(tmp, target));
            assertFalse(fake.hasXattrs(outside.resolve("victim")));
            assertFalse(fake.hasXattrs(outside));
            Path realTarget = target.toRealPath();
            fake.nodes.keySet().forEach(node -> assertTrue(node.startsWith(realTarget), "a node landed at " + node));
        } finally {
            FileTrees.delete(target);
        }
    }

    @Provide
    Arbitrary<List<Entry>> layers() {
        Arbitrary<String> component = Arbitraries.oneOf(
                Arbitraries.of("a", "b", "a/lower", "lower-link", "d", ".", "..", "", ".wh.a", ".wh..wh..opq", ".wh..",
                        ".wh...", ".wh.lower", "x".repeat(256), "\u00e9t\u00e9", "a\u0000b", "outside", "victim"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> name = component.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
        Arbitrary<String> link = Arbitraries.oneOf(name,
                Arbitraries.of("/", "..", "../outside", "../outside/victim", "../../outside/victim", "/etc",
                        "lower-link/victim", "a/../..", "../" .repeat(40) + "outside"),
                Arbitraries.just("OUTSIDE"));
        Arbitrary<Integer> mode = Arbitraries.of(0644, 0755, 04755, 06755, 01777, 0, 07777, 0600);
        Arbitrary<byte[]> content = Arbitraries.bytes().array(byte[].class).ofMaxSize(700);
        Arbitrary<String> xattr = Arbitraries.of("", "", "", "security.capability", "trusted.overlay.opaque",
                "user.x", "trusted.overlay.redirect", "security.selinux");
        Arbitrary<Entry> entry = Combinators.combine(Arbitraries.of(Type.class), name, link, mode, content,
                Arbitraries.of(false, false, false, true), xattr).as(Entry::new);
        return entry.list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        // {kind, position, value}: overwrite a byte, truncate, duplicate a 512-byte block, drop one
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.integers().between(0, 255)).as((k, p, v) -> new int[] {k, p, v}).list().ofMinSize(1)
                .ofMaxSize(6);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(3000),
                Arbitraries.bytes().array(byte[].class).ofMinSize(512).ofMaxSize(512));
    }

    static byte[] mutate(byte[] tar, List<int[]> mutations) {
        byte[] bytes = tar;
        for (int[] m : mutations) {
            if (bytes.length == 0) {
                break;
            }
            int at = m[1] % bytes.length;
            switch (m[0]) {
                case 0 -> bytes[at] = (byte) m[2];
                case 1 -> bytes = Arrays.copyOf(bytes, at);
                case 2 -> {
                    int block = at / 512 * 512;
                    byte[] grown = Arrays.copyOf(bytes, bytes.length + 512);
                    System.arraycopy(bytes, block, grown, block + 512, bytes.length - block);
                    bytes = grown;
                }
                default -> {
                    int block = at / 512 * 512;
                    if (bytes.length >= block + 512) {
                        byte[] shrunk = Arrays.copyOf(bytes, bytes.length - 512);
                        System.arraycopy(bytes, block + 512, shrunk, block, bytes.length - block - 512);
                        bytes = shrunk;
                    }
                }
            }
        }
        return bytes;
    }

    static byte[] tar(List<Entry> entries) {
        TarBuilder tar = new TarBuilder();
        for (Entry e : entries) {
            String name = e.absolute() ? "/" + e.name() : e.name();
            String link = e.link().equals("OUTSIDE") ? outside.resolve("victim").toString() : e.link();
            switch (e.type()) {
                case FILE -> tar.entry(entry(name, TarConstants.LF_NORMAL, "", e), e.content());
                case DIR -> tar.entry(entry(name + "/", TarConstants.LF_DIR, "", e), new byte[0]);
                case SYMLINK -> tar.entry(entry(name, TarConstants.LF_SYMLINK, link, e), new byte[0]);
                case HARDLINK -> tar.entry(entry(name, TarConstants.LF_LINK, link, e), new byte[0]);
                case FIFO -> tar.entry(entry(name, TarConstants.LF_FIFO, "", e), new byte[0]);
                case CHAR_DEVICE -> tar.entry(entry(name, TarConstants.LF_CHR, "", e), new byte[0]);
                case BLOCK_DEVICE -> tar.entry(entry(name, TarConstants.LF_BLK, "", e), new byte[0]);
                case WHITEOUT -> tar.entry(entry(parent(name) + ".wh." + base(name), TarConstants.LF_NORMAL, "", e),
                        new byte[0]);
                case OPAQUE -> tar.entry(entry(parent(name) + ".wh..wh..opq", TarConstants.LF_NORMAL, "", e),
                        new byte[0]);
            }
            if (e.xattr().equals("security.capability")) {
                tar.rawXattr(e.xattr(), new byte[] {0, 0, 0, 2, (byte) 0xff, 0, 0, 0});
            } else if (!e.xattr().isEmpty()) {
                tar.xattr(e.xattr(), "y");
            }
        }
        return tar.bytes();
    }

    private static TarArchiveEntry entry(String name, byte type, String link, Entry e) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, e.absolute());
        entry.setLinkName(link);
        entry.setMode(e.mode());
        entry.setDevMajor(1);
        entry.setDevMinor(3);
        if (type == TarConstants.LF_NORMAL) {
            entry.setSize(name.contains(".wh.") ? 0 : e.content().length);
        }
        return entry;
    }

    private static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash + 1);
    }

    private static String base(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
