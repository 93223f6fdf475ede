package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.testkit.LayerCompression;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls into each storage driver, the other one not deployed, and looks at what landed on disk: whiteouts and the
 * opaque directory translated (overlay) or applied (vfs); gzip, zstd and uncompressed layers alike.
 */
class StorageDriversIT {

    @TempDir
    static Path dir;
    static TestRegistry registry;
    static PushedImage multi;

    @BeforeAll
    static void images() throws Exception {
        registry = TestRegistry.plain();
        multi = TestImages.multiLayer(registry, "drivers/multi:gzip");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static OrcaDaemon daemon(String name, String driver, String features) throws Exception {
        return OrcaDaemon.withRegistries(Files.createDirectories(dir.resolve(name)),
                OrcaDaemon.insecure(registry.host()), Map.of("storage.driver", driver), List.of("--features", features));
    }

    private static String pull(OrcaDaemon orca, String reference) {
        return orca.pull(reference);
    }

    /** The directory of the image's top layer in a driver's store. */
    private static Path topLayer(OrcaDaemon orca, String driver, PushedImage image, String content) {
        String chainId = dev.orca.e2e.ChainIds.top(image.diffIds());
        return orca.root().resolve("storage/" + driver + "/layers/" + chainId.substring(7)).resolve(content);
    }

    private static boolean isWhiteoutDevice(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        long rdev = (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0020000 && rdev == 0;
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void overlayKeepsWhiteoutsAsDevicesInTheTopLayer() throws Exception {
        try (OrcaDaemon orca = daemon("overlay", "overlay", "core,images,storage-overlay")) {
            assertEquals(multi.imageId(), pull(orca, multi.reference()));

            Path diff = topLayer(orca, "overlay", multi, "diff");
            assertTrue(isWhiteoutDevice(diff.resolve("opt/obsolete.txt")), "file whiteout");
            assertTrue(isWhiteoutDevice(diff.resolve("opt/cache")), "directory whiteout");
            assertEquals(List.of("c.txt"), names(diff.resolve("data")), "the opaque directory holds this layer only");
            assertFalse(Files.exists(orca.root().resolve("storage/vfs")), "vfs is not deployed");
        }
    }

    @Test
    void vfsAppliesWhiteoutsAndTheOpaqueDirectory() throws Exception {
        try (OrcaDaemon orca = daemon("vfs", "vfs", "core,images,storage-vfs")) {
            assertEquals(multi.imageId(), pull(orca, multi.reference()));

            Path rootfs = topLayer(orca, "vfs", multi, "rootfs");
            assertFalse(Files.exists(rootfs.resolve("opt/obsolete.txt"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(rootfs.resolve("opt/cache"), LinkOption.NOFOLLOW_LINKS));
            assertTrue(Files.isRegularFile(rootfs.resolve("opt/greeting.txt")));
            assertEquals(List.of("c.txt"), names(rootfs.resolve("data")));
            assertTrue(Files.isExecutable(rootfs.resolve("bin/busybox")));
            assertFalse(Files.exists(orca.root().resolve("storage/overlay")), "overlay is not deployed");
        }
    }

    @Test
    void zstdAndUncompressedLayersArePulledAsGzipOnesAre() throws Exception {
        PushedImage zstd = TestImages.multiLayer(registry, "drivers/multi:zstd", LayerCompression.ZSTD);
        PushedImage plain = TestImages.multiLayer(registry, "drivers/multi:none", LayerCompression.NONE);
        assertTrue(zstd.layers().stream().allMatch(l -> l.mediaType().endsWith("+zstd")), zstd.toString());
        assertTrue(plain.layers().stream().allMatch(l -> l.mediaType().endsWith(".tar")), plain.toString());
        try (OrcaDaemon orca = daemon("compression", "overlay", "core,images,storage-overlay")) {
            assertEquals(zstd.imageId(), pull(orca, zstd.reference()));
            assertEquals(plain.imageId(), pull(orca, plain.reference()));
            assertTrue(isWhiteoutDevice(topLayer(orca, "overlay", zstd, "diff").resolve("opt/obsolete.txt")));
        }
    }

    @Test
    void aConfiguredDriverThatIsNotDeployedIsNamed() throws Exception {
        try (OrcaDaemon orca = daemon("missing", "vfs", "core,images,storage-overlay")) {
            StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                    () -> pull(orca, multi.reference()));

            assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode());
            assertTrue(error.getStatus().getDescription().contains("storage driver 'vfs' is not deployed"),
                    error.getMessage());
        }
    }
}
