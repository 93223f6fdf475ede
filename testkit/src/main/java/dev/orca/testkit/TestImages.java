package dev.orca.testkit;

import java.util.List;

/**
 * OCI test images built from Debian's busybox-static with umoci and pushed with skopeo to a {@link TestRegistry}.
 * Each image is built once per JVM and pushed as often as asked; its manifest, config and layers are the same bytes
 * in every registry it is pushed to during that JVM.
 *
 * <p>The base layer, shared by every image: {@code /bin/busybox} with a symlink in {@code /bin} for each applet
 * ({@code sh}, {@code ls}, {@code cat}, {@code echo}, {@code sleep}, {@code wget}, {@code httpd}, {@code id}, …);
 * {@code /etc/passwd} with root, {@code app} ({@value #APP_UID}:{@value #APP_GID}, home {@code /home/app}) and
 * nobody (65534); {@code /etc/group} with root, app, {@code shared} ({@value #APP_SUPPLEMENTAL_GID}, app's
 * supplemental group) and nobody; {@code /root}, {@code /tmp} (1777), {@code /proc}, {@code /sys}, {@code /dev}.
 * {@code /home/app} belongs to app when the JVM runs as root; otherwise umoci runs rootless and every file belongs
 * to root.
 * The config: no entrypoint, cmd {@code ["/bin/sh"]}, a PATH, working directory {@code /}, architecture of this
 * machine (amd64), label {@code dev.orca.testkit.image}.
 */
public final class TestImages {

    public static final int APP_UID = 1000;
    public static final int APP_GID = 1000;
    public static final String APP_SUPPLEMENTAL_GROUP = "shared";
    public static final int APP_SUPPLEMENTAL_GID = 2000;

    private TestImages() {
    }

    /** The busybox base layer alone, gzip. */
    public static PushedImage singleLayer(TestRegistry registry, String repositoryAndTag) {
        return singleLayer(registry, repositoryAndTag, LayerCompression.GZIP);
    }

    /** The busybox base layer alone, in {@code compression}. */
    public static PushedImage singleLayer(TestRegistry registry, String repositoryAndTag,
            LayerCompression compression) {
        return push(registry, ImageReference.parse(repositoryAndTag), workshop().singleLayer(compression));
    }

    /**
     * Three layers. 1: the busybox base. 2: {@code /data/a.txt}, {@code /data/sub/b.txt}, {@code /opt/greeting.txt},
     * {@code /opt/obsolete.txt}, {@code /opt/cache/entry.txt}. 3: whiteouts {@code opt/.wh.obsolete.txt} (a file)
     * and {@code opt/.wh.cache} (a directory), and {@code data/} made opaque ({@code data/.wh..wh..opq}) holding
     * only {@code data/c.txt}. So the container sees {@code /opt/greeting.txt}, no {@code /opt/obsolete.txt} and no
     * {@code /opt/cache}, and {@code /data} holds {@code c.txt} alone. Config: working directory {@code /data}, env
     * {@code ORCA_TESTKIT=multi-layer}, stop signal SIGINT. Gzip.
     */
    public static PushedImage multiLayer(TestRegistry registry, String repositoryAndTag) {
        return multiLayer(registry, repositoryAndTag, LayerCompression.GZIP);
    }

    /** {@link #multiLayer(TestRegistry, String)} with its layers in {@code compression}. */
    public static PushedImage multiLayer(TestRegistry registry, String repositoryAndTag,
            LayerCompression compression) {
        return push(registry, ImageReference.parse(repositoryAndTag), workshop().multiLayer(compression));
    }

    /**
     * Two images on the same busybox base layer (same digest), each with one more layer: {@code /etc/variant}
     * holding {@code a} in the first, {@code b} in the second. Returns them in that order.
     */
    public static List<PushedImage> sharedBase(TestRegistry registry, String firstRepositoryAndTag,
            String secondRepositoryAndTag) {
        ImageReference first = ImageReference.parse(firstRepositoryAndTag);
        ImageReference second = ImageReference.parse(secondRepositoryAndTag);
        return List.of(push(registry, first, workshop().variant("a")),
                push(registry, second, workshop().variant("b")));
    }

    /**
     * An OCI image index with a {@code linux/amd64} and a {@code linux/arm64} manifest: both the busybox base (an
     * amd64 binary: only the config claims arm64) plus {@code /etc/orca-platform} holding the platform, so a test
     * can tell which one a node pulled. Pushed with {@code skopeo copy --all}.
     */
    public static PushedIndex manifestList(TestRegistry registry, String repositoryAndTag) {
        String reference = ImageReference.parse(repositoryAndTag).on(registry);
        ImageWorkshop workshop = workshop();
        ImageWorkshop.BuiltImage index = workshop.multiPlatform();
        return workshop.whileUnchanged(() -> {
            String pushed = Skopeo.push(index.source(), registry, reference, true);
            PushedIndex described = PushedIndex.describe(index.layout(), index.layout().descriptor(index.tag()),
                    reference);
            checkDigest(reference, pushed, described.indexDigest());
            return described;
        });
    }

    /**
     * The busybox base plus {@code layers} gzip layers of incompressible random bytes ({@code /data/random-N.bin})
     * whose blobs add up to at least {@code totalBytes}: for pull benchmarks, e.g. 220 MB over 5 layers. The random
     * content differs between JVMs.
     */
    public static PushedImage large(TestRegistry registry, String repositoryAndTag, long totalBytes, int layers) {
        return large(registry, repositoryAndTag, totalBytes, layers, 0);
    }

    /**
     * {@link #large(TestRegistry, String, long, int)} with, when {@code smallFiles} is positive, one more layer on
     * top: that many files of 256 to 4,095 random bytes, 50 to a directory ({@code /data/small/NNN/file-M}).
     */
    public static PushedImage large(TestRegistry registry, String repositoryAndTag, long totalBytes, int layers,
            int smallFiles) {
        return large(registry, repositoryAndTag, totalBytes, layers, smallFiles, 0);
    }

    /**
     * {@link #large(TestRegistry, String, long, int, int)}, copy {@code copy} of it: each copy has random content of
     * its own (the busybox base is shared), so a benchmark can pull a never-pulled image each round without removing
     * the one before.
     */
    public static PushedImage large(TestRegistry registry, String repositoryAndTag, long totalBytes, int layers,
            int smallFiles, int copy) {
        ImageReference target = ImageReference.parse(repositoryAndTag);
        if (totalBytes <= 0 || layers <= 0 || smallFiles < 0) {
            throw new IllegalArgumentException("image " + target + " needs positive bytes and layers and no negative"
                    + " count of small files, not " + totalBytes + " bytes in " + layers + " layers and "
                    + smallFiles + " small files");
        }
        return push(registry, target, workshop().randomData(totalBytes, layers, smallFiles, copy));
    }

    private static PushedImage push(TestRegistry registry, ImageReference target, ImageWorkshop.BuiltImage image) {
        String reference = target.on(registry);
        return workshop().whileUnchanged(() -> {
            String pushed = Skopeo.push(image.source(), registry, reference, false);
            PushedImage described = PushedImage.describe(image.layout(), image.layout().descriptor(image.tag()),
                    reference);
            checkDigest(reference, pushed, described.manifestDigest());
            return described;
        });
    }

    private static void checkDigest(String reference, String pushed, String built) {
        if (!pushed.equals(built)) {
            throw new IllegalStateException("image " + reference + ": the registry stored manifest " + pushed
                    + " but the test kit built " + built);
        }
    }

    private static ImageWorkshop workshop() {
        return ImageWorkshop.get();
    }
}
