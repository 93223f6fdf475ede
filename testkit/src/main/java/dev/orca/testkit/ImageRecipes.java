package dev.orca.testkit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each test image is made, as umoci steps on one OCI layout: a tag per image, bottom layers shared. The layer
 * contents are documented on {@link TestImages}; this class only knows how to produce them.
 */
final class ImageRecipes {

    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String LABEL = "dev.orca.testkit.image";

    private final Umoci umoci;
    private final Path work;

    ImageRecipes(Umoci umoci, Path work) {
        this.umoci = umoci;
        this.work = work;
    }

    /** busybox in one layer; cmd {@code /bin/sh}, no entrypoint. */
    void singleLayer(String tag) throws IOException {
        umoci.newImage(tag);
        Path bundle = bundle(tag);
        BusyboxRootfs.populate(umoci.unpack(tag, bundle));
        umoci.repack(bundle, tag, "busybox-static with an applet symlink per command, users root, app, nobody");
        ScratchDirectory.deleteRecursively(bundle);
        umoci.config(tag, tag, List.of("--config.cmd", "/bin/sh", "--config.env", PATH,
                "--config.workingdir", "/", "--config.label", LABEL + "=single-layer"));
    }

    /** {@code base} plus a layer of files in /data and /opt, plus a layer of whiteouts and an opaque /data. */
    void multiLayer(String base, String tag) throws IOException {
        Path bundle = bundle(tag);
        Path rootfs = umoci.unpack(base, bundle);
        write(rootfs, "data/a.txt", "a from layer 2\n");
        write(rootfs, "data/sub/b.txt", "b from layer 2\n");
        write(rootfs, "opt/greeting.txt", "hello from layer 2\n");
        write(rootfs, "opt/obsolete.txt", "deleted by layer 3\n");
        write(rootfs, "opt/cache/entry.txt", "deleted with its directory by layer 3\n");
        umoci.repack(bundle, tag, "files in /data and /opt");
        ScratchDirectory.deleteRecursively(bundle);

        // umoci repack turns a replaced directory into one whiteout per old entry, never an opaque marker, and
        // umoci insert --opaque writes a truncated tar (0.4.7); so this layer is written here and added verbatim
        Path tar = work.resolve(tag + "-layer3.tar");
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tar));
                TarWriter layer = new TarWriter(file)) {
            layer.directory("opt", 0755);
            layer.whiteout("opt", "obsolete.txt");
            layer.whiteout("opt", "cache");
            layer.directory("data", 0755);
            layer.opaqueMarker("data");
            layer.file("data/c.txt", 0644, "c from layer 3\n".getBytes(StandardCharsets.UTF_8));
        }
        umoci.addLayer(tag, tar, tag, "whiteouts of /opt/obsolete.txt and /opt/cache, /data made opaque");
        Files.delete(tar);
        umoci.config(tag, tag, List.of("--config.workingdir", "/data", "--config.env", "ORCA_TESTKIT=multi-layer",
                "--config.stopsignal", "SIGINT", "--config.label", LABEL + "=multi-layer"));
    }

    /** {@code base} plus one layer holding {@code /etc/variant} with {@code content}. */
    void variant(String base, String tag, String content) throws IOException {
        Path bundle = bundle(tag);
        write(umoci.unpack(base, bundle), "etc/variant", content);
        umoci.repack(bundle, tag, "/etc/variant");
        ScratchDirectory.deleteRecursively(bundle);
        umoci.config(tag, tag, List.of("--config.label", LABEL + "=variant-" + content.strip()));
    }

    /** {@code base} plus {@code /etc/orca-platform}, with the config claiming {@code linux/architecture}. */
    void platform(String base, String tag, String architecture) throws IOException {
        Path bundle = bundle(tag);
        write(umoci.unpack(base, bundle), "etc/orca-platform", "linux/" + architecture + "\n");
        umoci.repack(bundle, tag, "/etc/orca-platform");
        ScratchDirectory.deleteRecursively(bundle);
        umoci.config(tag, tag, List.of("--os", "linux", "--architecture", architecture,
                "--config.label", LABEL + "=platform-" + architecture));
    }

    /** An OCI image index over the tagged images of {@code platformTags} (architecture to tag), tagged {@code tag}. */
    void index(String tag, Map<String, String> platformTags) {
        OciLayout layout = umoci.layout();
        List<Object> manifests = new ArrayList<>();
        platformTags.forEach((architecture, imageTag) -> {
            Map<String, Object> entry = new LinkedHashMap<>(layout.descriptor(imageTag));
            entry.remove("annotations");
            entry.put("platform", Map.of("architecture", architecture, "os", "linux"));
            manifests.add(entry);
        });
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2L);
        index.put("mediaType", OciLayout.INDEX_MEDIA_TYPE);
        index.put("manifests", manifests);
        byte[] content = Json.write(index).getBytes(StandardCharsets.UTF_8);
        layout.tag(tag, layout.writeBlob(OciLayout.INDEX_MEDIA_TYPE, content));
    }

    /**
     * {@code base} plus {@code layers} layers of random bytes, {@code /data/random-N.bin} each, that add up to at
     * least {@code totalBytes}. The tars are written straight from a random stream and added with umoci raw
     * add-layer, which compresses them; no unpack or repack scans the growing rootfs.
     */
    void randomData(String base, String tag, long totalBytes, int layers, int smallFiles) throws IOException {
        long perLayer = (totalBytes + layers - 1) / layers;
        String below = base;
        for (int i = 1; i <= layers; i++) {
            Path tar = work.resolve(tag + "-" + i + ".tar");
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 20);
                    TarWriter layer = new TarWriter(file)) {
                layer.directory("data", 0755);
                layer.file("data/random-" + i + ".bin", 0644, perLayer, new RandomBytes(System.nanoTime() + i));
            }
            umoci.addLayer(below, tar, tag, perLayer + " random bytes in /data/random-" + i + ".bin");
            Files.delete(tar);
            below = tag;
        }
        if (smallFiles > 0) {
            smallFiles(below, tag, smallFiles);
        }
        umoci.config(tag, tag, List.of("--config.label", LABEL + "=random-data"));
    }

    /**
     * One more layer on {@code below}: {@code count} files of 256 to 4,095 random bytes, 50 to a directory
     * ({@code /data/small/NNN/file-M}), as an image's layer of sources or a language's packages looks.
     */
    private void smallFiles(String below, String tag, int count) throws IOException {
        Path tar = work.resolve(tag + "-small.tar");
        java.util.Random sizes = new java.util.Random(count);
        RandomBytes content = new RandomBytes(System.nanoTime());
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 20);
                TarWriter layer = new TarWriter(file)) {
            layer.directory("data", 0755);
            layer.directory("data/small", 0755);
            for (int i = 0; i < count; i++) {
                String directory = String.format("data/small/%03d", i / 50);
                if (i % 50 == 0) {
                    layer.directory(directory, 0755);
                }
                byte[] bytes = new byte[256 + sizes.nextInt(4096 - 256)];
                content.read(bytes, 0, bytes.length);
                layer.file(directory + "/file-" + i % 50, 0644, bytes);
            }
        }
        umoci.addLayer(below, tar, tag, count + " small files in /data/small");
        Files.delete(tar);
    }

    /** A fresh bundle directory: umoci unpack refuses an existing one, which a failed earlier build may leave. */
    private Path bundle(String tag) {
        Path bundle = work.resolve(tag + "-bundle");
        ScratchDirectory.deleteRecursively(bundle);
        return bundle;
    }

    private static void write(Path rootfs, String path, String content) throws IOException {
        Path file = rootfs.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
