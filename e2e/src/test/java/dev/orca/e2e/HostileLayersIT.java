package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.Image;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.ListImagesRequest;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.e2e.CraftedRegistry.Delivery;
import dev.orca.e2e.CraftedRegistry.Tar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers that try to write outside themselves, and blobs that are wrong, short or stalled: each pull fails with a
 * clear error naming the image and the cause, and nothing of it is stored.
 */
class HostileLayersIT {

    @TempDir
    static Path dir;
    static CraftedRegistry registry;
    static OrcaDaemon orca;

    @BeforeAll
    static void start() throws Exception {
        registry = new CraftedRegistry();
        orca = OrcaDaemon.withRegistries(dir, OrcaDaemon.insecure(registry.host()),
                Map.of("no.progress.timeout.seconds", "2"), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (orca != null) {
            orca.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static StatusRuntimeException pullFails(String reference) {
        return assertThrows(StatusRuntimeException.class, () -> orca.images().pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(reference)).build()));
    }

    private static List<Image> images() {
        return orca.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList();
    }

    private static List<Path> storedLayers() throws IOException {
        Path layers = orca.root().resolve("storage/overlay/layers");
        if (!Files.isDirectory(layers)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(layers)) {
            return entries.toList();
        }
    }

    private static void assertRefusedAndNothingStored(String reference, Status.Code code, String... expected)
            throws IOException {
        List<Path> layersBefore = storedLayers();
        StatusRuntimeException error = pullFails(reference);

        assertEquals(code, error.getStatus().getCode(), error.getMessage());
        String description = error.getStatus().getDescription();
        assertTrue(description.contains(reference), description);
        for (String part : expected) {
            assertTrue(description.contains(part), "'" + part + "' missing from: " + description);
        }
        assertTrue(images().isEmpty(), "no image is listed");
        assertEquals(layersBefore, storedLayers(), "no layer is stored");
    }

    @Test
    void anAbsolutePathOrDotDotEntryIsRefused() throws IOException {
        Path outside = dir.resolve("escaped-by-dotdot");
        String dotdot = registry.publish("bad/dotdot", new Tar().file("ok", "fine")
                .file("../../../../../../../../.." + outside, "pwned").bytes(), Delivery.WHOLE);
        assertRefusedAndNothingStored(dotdot, Status.Code.DATA_LOSS, "..");
        assertFalse(Files.exists(outside));

        Path absolute = dir.resolve("escaped-absolute");
        String abs = registry.publish("bad/absolute", new Tar().file(absolute.toString(), "pwned").bytes(),
                Delivery.WHOLE);
        StatusRuntimeException error = pullFails(abs);
        assertFalse(Files.exists(absolute), "an absolute entry never lands outside: " + error.getMessage());
    }

    @Test
    void aFileWrittenThroughASymlinkThatLeavesTheLayerIsRefused() throws IOException {
        Path target = dir.resolve("symlink-target");
        Files.createDirectories(target);
        String reference = registry.publish("bad/symlink", new Tar().symlink("link", target.toString())
                .file("link/pwned", "pwned").bytes(), Delivery.WHOLE);

        assertRefusedAndNothingStored(reference, Status.Code.DATA_LOSS, "link");
        assertFalse(Files.exists(target.resolve("pwned")));
    }

    @Test
    void aHardlinkToAFileOutsideTheLayerIsRefused() throws IOException {
        String reference = registry.publish("bad/hardlink", new Tar().hardlink("passwd", "../../../../etc/passwd")
                .bytes(), Delivery.WHOLE);

        assertRefusedAndNothingStored(reference, Status.Code.DATA_LOSS, "passwd");
    }

    @Test
    void aLayerWithOtherBytesThanItsDigestIsRefused() throws IOException {
        String reference = registry.publish("bad/mismatch", new Tar().file("a", "content").bytes(),
                Delivery.OTHER_BYTES);

        assertRefusedAndNothingStored(reference, Status.Code.DATA_LOSS, "does not match its digest");
    }

    @Test
    void aLayerOfAMediaTypeNoDecompressionReadsIsRefusedBeforeAnyDownload() throws IOException {
        String reference = registry.publish("bad/mediatype", java.util.List.of(new Tar().file("base", "b").bytes(),
                new Tar().file("top", "t").bytes()), Delivery.WHOLE, "application/vnd.example.layer.v1.tar+lz4");

        assertRefusedAndNothingStored(reference, Status.Code.DATA_LOSS, "unsupported layer media type");
    }

    @Test
    void aTruncatedLayerIsRefused() throws IOException {
        String reference = registry.publish("bad/truncated", new Tar().file("a", "x".repeat(100_000)).bytes(),
                Delivery.TRUNCATED);

        StatusRuntimeException error = pullFails(reference);
        assertTrue(error.getStatus().getDescription().contains(reference), error.getMessage());
        assertTrue(images().isEmpty());
    }

    @Test
    void aRegistryThatStopsSendingTimesOutAfterTheConfiguredTime() throws IOException {
        String reference = registry.publish("bad/stalled", new Tar().file("a", "y".repeat(100_000)).bytes(),
                Delivery.STALLED);
        long started = System.nanoTime();

        assertRefusedAndNothingStored(reference, Status.Code.DEADLINE_EXCEEDED, "sent nothing for 2s");
        assertTrue(System.nanoTime() - started < 15_000_000_000L);
    }

    @Test
    void aDaemonKilledMidPullLeavesNoHalfImageAndTheRetryCompletes() throws Exception {
        List<byte[]> layers = List.of(new Tar().file("base", "stored before the kill").bytes(),
                new Tar().file("top", "z".repeat(200_000)).bytes());
        String stalled = registry.publish("bad/killed", layers, Delivery.STALLED);
        Thread pulling = new Thread(() -> pullFails(stalled));
        pulling.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (storedLayers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, storedLayers().size(), "the base layer is stored while the top one stalls");
        orca.kill9();
        pulling.join(10_000);

        orca.start();

        assertTrue(images().isEmpty(), "no half image is listed");
        long collected = System.nanoTime() + 10_000_000_000L;
        while (!storedLayers().isEmpty() && System.nanoTime() < collected) {
            Thread.sleep(20); // collected once the storage driver is bound again
        }
        assertEquals(List.of(), storedLayers(), "the base layer stored before the kill is collected");
        try (Stream<Path> downloads = Files.list(orca.root().resolve("images/downloads"))) {
            assertEquals(List.of(), downloads.toList());
        }
        String whole = registry.publish("bad/killed", layers, Delivery.WHOLE);
        String id = orca.images().pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(whole)).build()).getImageRef();
        assertTrue(id.startsWith("sha256:"));
        orca.images().removeImage(dev.orca.cri.v1.RemoveImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(id)).build());
    }

    @Test
    void aRefusedBaseLeavesNothingOfTheLayersUnpackedBesideIt() throws IOException {
        // overlay unpacks every layer as soon as it is downloaded: the two above the base are unpacked beside it
        Path outside = dir.resolve("escaped-from-the-base");
        List<byte[]> layers = List.of(new Tar().file("ok", "fine").file("../../../../../../../.." + outside, "pwned")
                .bytes(), new Tar().file("middle", "m".repeat(100_000)).bytes(), new Tar().file("top", "t").bytes());
        String reference = registry.publish("bad/base-under-good", layers, Delivery.WHOLE);

        assertRefusedAndNothingStored(reference, Status.Code.DATA_LOSS, "..");

        assertFalse(Files.exists(outside));
        try (Stream<Path> staging = Files.list(orca.root().resolve("storage/overlay/staging"))) {
            assertEquals(List.of(), staging.toList(), "the layers unpacked above the base are thrown away");
        }
    }

    @Test
    void aRetryAfterAFailedPullCompletesCleanly() throws IOException {
        String reference = registry.publish("bad/then-good", new Tar().file("a", "content").bytes(),
                Delivery.OTHER_BYTES);
        pullFails(reference);

        String good = registry.publish("bad/then-good", new Tar().file("a", "content").bytes(), Delivery.WHOLE);
        String id = orca.images().pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(good)).build()).getImageRef();

        assertTrue(id.startsWith("sha256:"));
        orca.images().removeImage(dev.orca.cri.v1.RemoveImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(id)).build());
    }
}
