package dev.orca.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Where the test images are built, once per JVM: one OCI layout of gzip images made with umoci, and one layout per
 * other compression that skopeo fills from it. Tests that push the same image again only push. Builds take the
 * write lock and pushes the read lock, so that skopeo never reads a layout while umoci rewrites it. Everything is
 * deleted when the JVM exits.
 */
final class ImageWorkshop {

    static final String SINGLE_LAYER = "single-layer";
    static final String MULTI_LAYER = "multi-layer";
    static final String MULTI_PLATFORM = "multi-platform";

    private static ImageWorkshop instance;

    private final ScratchDirectory directory;
    private final Umoci umoci;
    private final ImageRecipes recipes;
    private final Set<String> built = new HashSet<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private ImageWorkshop(ScratchDirectory directory) {
        this.directory = directory;
        this.umoci = Umoci.init(directory.resolve("gzip"));
        this.recipes = new ImageRecipes(umoci, directory.path());
    }

    static synchronized ImageWorkshop get() {
        if (instance == null) {
            ScratchDirectory directory = ScratchDirectory.create("orca-testkit-images-");
            Runtime.getRuntime().addShutdownHook(new Thread(directory::close, "orca-testkit-images-cleaner"));
            instance = new ImageWorkshop(directory);
        }
        return instance;
    }

    /** A tagged image in one of the workshop's layouts. */
    record BuiltImage(OciLayout layout, String tag) {

        String source() {
            return layout.source(tag);
        }
    }

    BuiltImage singleLayer(LayerCompression compression) {
        return compressed(compression, build(SINGLE_LAYER, () -> recipes.singleLayer(SINGLE_LAYER)));
    }

    BuiltImage multiLayer(LayerCompression compression) {
        BuiltImage base = singleLayer(LayerCompression.GZIP);
        return compressed(compression, build(MULTI_LAYER, () -> recipes.multiLayer(base.tag(), MULTI_LAYER)));
    }

    /** {@code variant} ("a", "b") names the top layer's {@code /etc/variant}; the layer below is shared. */
    BuiltImage variant(String variant) {
        BuiltImage base = singleLayer(LayerCompression.GZIP);
        String tag = "variant-" + variant;
        return build(tag, () -> recipes.variant(base.tag(), tag, variant + "\n"));
    }

    BuiltImage multiPlatform() {
        BuiltImage base = singleLayer(LayerCompression.GZIP);
        Map<String, String> platforms = new LinkedHashMap<>();
        for (String architecture : List.of("amd64", "arm64")) {
            String tag = "platform-" + architecture;
            build(tag, () -> recipes.platform(base.tag(), tag, architecture));
            platforms.put(architecture, tag);
        }
        return build(MULTI_PLATFORM, () -> recipes.index(MULTI_PLATFORM, platforms));
    }

    BuiltImage randomData(long totalBytes, int layers, int smallFiles, int copy) {
        BuiltImage base = singleLayer(LayerCompression.GZIP);
        String tag = "random-" + totalBytes + "-" + layers + "-" + smallFiles + "-" + copy;
        return build(tag, () -> recipes.randomData(base.tag(), tag, totalBytes, layers, smallFiles));
    }

    /** Runs {@code push} while no build changes a layout. */
    <T> T whileUnchanged(Supplier<T> push) {
        lock.readLock().lock();
        try {
            return push.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private BuiltImage build(String tag, Recipe recipe) {
        return build(new BuiltImage(umoci.layout(), tag), tag, recipe);
    }

    /** Runs {@code recipe} unless {@code key} was built before in this JVM; a failed build is tried again. */
    private BuiltImage build(BuiltImage image, String key, Recipe recipe) {
        lock.writeLock().lock();
        try {
            if (built.add(key)) {
                try {
                    recipe.run();
                } catch (IOException e) {
                    built.remove(key);
                    throw new UncheckedIOException("cannot build test image " + key + " in " + directory.path()
                            + ": " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    built.remove(key);
                    throw e;
                }
            }
            return image;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The image with its layers in {@code compression}: skopeo recompresses into a layout of its own, because in
     * the gzip layout it would find the gzip blob by digest and keep it.
     */
    private BuiltImage compressed(LayerCompression compression, BuiltImage gzip) {
        if (compression == LayerCompression.GZIP) {
            return gzip;
        }
        String name = compression.name().toLowerCase(Locale.ROOT);
        BuiltImage target = new BuiltImage(new OciLayout(directory.resolve(name)), gzip.tag());
        return build(target, name + "/" + gzip.tag(), () -> recompress(gzip, target, compression));
    }

    private void recompress(BuiltImage gzip, BuiltImage target, LayerCompression compression) {
        if (compression == LayerCompression.ZSTD) {
            Skopeo.copy(gzip.source(), target.source(), List.of("--dest-compress-format", "zstd"));
            return;
        }
        // skopeo decompresses only into its dir: format; from there the plain tars go into an OCI layout as they are
        Path plain = directory.resolve("decompressing-" + gzip.tag());
        try {
            Skopeo.copy(gzip.source(), "dir:" + plain, List.of("--dest-decompress"));
            Skopeo.copy("dir:" + plain, target.source(), List.of("--dest-oci-accept-uncompressed-layers"));
        } finally {
            ScratchDirectory.deleteRecursively(plain);
        }
    }

    @FunctionalInterface
    private interface Recipe {
        void run() throws IOException;
    }
}
