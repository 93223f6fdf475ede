package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.Image;
import dev.orca.cri.v1.ImageFilter;
import dev.orca.cri.v1.ImageFsInfoRequest;
import dev.orca.cri.v1.ImageFsInfoResponse;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.ImageStatusRequest;
import dev.orca.cri.v1.ImageStatusResponse;
import dev.orca.cri.v1.ListImagesRequest;
import dev.orca.cri.v1.RemoveImageRequest;
import dev.orca.cri.v1.StreamImagesRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.PushedIndex;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRI ImageService of a daemon started with bin/orca, pulling from Debian's docker-registry the images the test
 * kit built with umoci and pushed with skopeo.
 */
class ImagesIT {

    @TempDir
    static Path dir;
    static TestRegistry registry;
    static OrcaDaemon orca;
    static PushedImage busybox;
    static PushedImage multi;
    static List<PushedImage> shared;
    static PushedIndex list;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.plain();
        busybox = TestImages.singleLayer(registry, "test/busybox:1");
        multi = TestImages.multiLayer(registry, "test/multi:1");
        shared = TestImages.sharedBase(registry, "test/first:1", "test/second:1");
        list = TestImages.manifestList(registry, "test/list:1");
        orca = OrcaDaemon.withRegistries(dir, """
                unqualified-search-registries = ["%s"]

                [[registry]]
                location = "%s"
                insecure = true

                [[registry]]
                location = "127.0.0.1:1"
                insecure = true

                [[registry]]
                location = "blocked.example"
                blocked = true

                [[registry]]
                prefix = "mirrored.example/test"
                location = "%s/test"
                insecure = true

                [[registry.mirror]]
                location = "127.0.0.1:1/dead-mirror"
                insecure = true
                """.formatted(registry.host(), registry.host(), registry.host()), Map.of(), List.of());
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

    static String pull(String reference) {
        return orca.pull(reference);
    }

    static ImageStatusResponse status(String reference) {
        return orca.images().imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(reference)).build());
    }

    static void remove(String reference) {
        orca.images().removeImage(RemoveImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(reference)).build());
    }

    static List<Image> images() {
        return orca.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList();
    }

    static long blobFetches(String digest) throws Exception {
        return Files.readAllLines(registry.logFile()).stream()
                .filter(line -> line.contains("GET /v2/") && line.contains("/blobs/" + digest)).count();
    }

    static String fetchLines(String digest) {
        try {
            return String.join("\n", Files.readAllLines(registry.logFile()).stream()
                    .filter(line -> line.contains(digest)).toList());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void aPulledImageIsListedWithItsTagDigestAndSize() {
        String ref = pull(busybox.reference());

        assertEquals(busybox.imageId(), ref);
        Image image = status(busybox.reference()).getImage();
        assertEquals(busybox.imageId(), image.getId());
        assertTrue(image.getRepoTagsList().contains(busybox.reference()), image.toString());
        assertTrue(image.getRepoDigestsList().contains(busybox.digestReference()), image.toString());
        assertTrue(image.getSize() >= busybox.compressedSize(), image.toString());
        assertTrue(images().stream().anyMatch(i -> i.getId().equals(ref)));
        assertEquals(ref, status(ref).getImage().getId(), "found by ID");
        assertEquals(ref, status(ref.substring(7, 19)).getImage().getId(), "found by ID prefix");
        assertEquals(ref, status(busybox.digestReference()).getImage().getId(), "found by digest");
        assertEquals(ref, orca.images().listImages(ListImagesRequest.newBuilder().setFilter(ImageFilter.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(busybox.reference()))).build()).getImages(0).getId());
    }

    @Test
    void aShortNameIsResolvedThroughTheSearchRegistries() {
        assertEquals(busybox.imageId(), pull("test/busybox:1"));
        assertEquals(busybox.imageId(), status("test/busybox:1").getImage().getId());
    }

    @Test
    void aReferenceByDigestPullsThatManifest() {
        assertEquals(multi.imageId(), pull(registry.host() + "/test/multi@" + multi.manifestDigest()));
    }

    @Test
    void aManifestListIsResolvedToLinuxAmd64() {
        String ref = pull(list.reference());

        assertEquals(list.amd64().imageId(), ref);
        assertTrue(status(ref).getImage().getRepoDigestsList().contains(
                registry.host() + "/test/list@" + list.indexDigest()), status(ref).toString());
    }

    @Test
    void imagesSharingABaseLayerFetchItOnce() throws Exception {
        pull(shared.get(0).reference());
        pull(shared.get(1).reference());

        String base = shared.get(0).layerDigests().get(0);
        assertEquals(base, shared.get(1).layerDigests().get(0), "the test kit shares the base layer");
        assertEquals(1, blobFetches(base));
    }

    @Test
    void twoConcurrentPullsOfOneImageDoTheWorkOnce() throws Exception {
        // Busybox base plus random layers: no other test image has those, so their fetches are this test's.
        PushedImage image = TestImages.large(registry, "test/concurrent:1", 4 * 1024 * 1024, 2);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> pull(image.reference()));
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> pull(image.reference()));

        assertEquals(image.imageId(), first.get());
        assertEquals(image.imageId(), second.get());
        for (String layer : image.layerDigests().subList(1, image.layerDigests().size())) {
            assertEquals(1, blobFetches(layer), () -> layer + " fetched more than once:\n" + fetchLines(layer));
        }
    }

    @Test
    void removingAnImageRemovesEveryTagAndIsIdempotent() throws Exception {
        PushedImage image = TestImages.singleLayer(registry, "test/removable:1");
        String ref = pull(image.reference());
        assertTrue(status(ref).hasImage());

        remove(image.reference());

        assertFalse(status(ref).hasImage());
        assertFalse(status(image.reference()).hasImage());
        assertTrue(images().stream().noneMatch(i -> i.getId().equals(ref)));
        remove(image.reference());
        remove(ref);
    }

    @Test
    void removingOneOfTwoImagesKeepsTheSharedLayer() throws Exception {
        List<PushedImage> pair = TestImages.sharedBase(registry, "test/keep-a:1", "test/keep-b:1");
        pull(pair.get(0).reference());
        pull(pair.get(1).reference());

        remove(pair.get(0).reference());

        assertTrue(status(pair.get(1).reference()).hasImage());
        remove(pair.get(1).reference());
        pull(pair.get(1).reference());
        assertTrue(status(pair.get(1).reference()).hasImage());
    }

    @Test
    void aMirrorThatFailsFallsBackToTheLocation() {
        assertEquals(busybox.imageId(), pull("mirrored.example/test/busybox:1"));
        assertTrue(status("mirrored.example/test/busybox:1").getImage().getRepoTagsList()
                .contains("mirrored.example/test/busybox:1"));
    }

    @Test
    void removingByOneTagRemovesTheImageWithAllItsTags() throws Exception {
        PushedImage one = TestImages.large(registry, "test/twotags:one", 1024 * 1024, 1);
        PushedImage two = TestImages.large(registry, "test/twotags:one", 1024 * 1024, 1);
        assertEquals(one.imageId(), two.imageId(), "built once per JVM, pushed again");
        String otherTag = registry.host() + "/test/twotags-copy:2";
        Process copy = new ProcessBuilder("skopeo", "copy", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + one.reference(), "docker://" + otherTag).redirectErrorStream(true).start();
        copy.getInputStream().readAllBytes();
        assertEquals(0, copy.waitFor());
        pull(one.reference());
        pull(otherTag);
        Image image = status(one.reference()).getImage();
        assertEquals(2, image.getRepoTagsCount(), image.toString());

        remove(otherTag);

        assertFalse(status(one.reference()).hasImage());
        assertFalse(status(otherTag).hasImage());
    }

    @Test
    void verboseStatusCarriesTheConfig() {
        pull(multi.reference());
        ImageStatusResponse verbose = orca.images().imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(multi.reference())).setVerbose(true).build());

        String info = verbose.getInfoOrThrow("info");
        assertTrue(info.contains("\"StopSignal\":\"SIGINT\""), info);
        assertTrue(info.contains("\"WorkingDir\":\"/data\""), info);
    }

    @Test
    void imageFsInfoReportsBytesAndInodes() {
        pull(busybox.reference());

        ImageFsInfoResponse info = orca.images().imageFsInfo(ImageFsInfoRequest.getDefaultInstance());

        assertEquals(1, info.getImageFilesystemsCount());
        var usage = info.getImageFilesystems(0);
        assertTrue(usage.getUsedBytes().getValue() > 0);
        assertTrue(usage.getInodesUsed().getValue() > 0);
        assertTrue(Files.isDirectory(Path.of(usage.getFsId().getMountpoint())), usage.toString());
        assertTrue(usage.getTimestamp() > 0);
    }

    @Test
    void streamImagesSendsEveryImage() {
        pull(busybox.reference());
        long streamed = 0;
        var replies = orca.images().streamImages(StreamImagesRequest.getDefaultInstance());
        while (replies.hasNext()) {
            streamed += replies.next().getImagesCount();
        }
        assertEquals(images().size(), streamed);
    }

    @Test
    void anUnknownImageOrTagIsNotFoundNamingTheImage() {
        StatusRuntimeException repo = assertThrows(StatusRuntimeException.class,
                () -> pull(registry.host() + "/test/nothing-here:1"));
        assertEquals(Status.Code.NOT_FOUND, repo.getStatus().getCode());
        assertTrue(repo.getStatus().getDescription().contains("test/nothing-here:1"), repo.getMessage());

        StatusRuntimeException tag = assertThrows(StatusRuntimeException.class,
                () -> pull(registry.host() + "/test/busybox:no-such-tag"));
        assertEquals(Status.Code.NOT_FOUND, tag.getStatus().getCode());
        assertTrue(tag.getStatus().getDescription().contains("manifest unknown"), tag.getMessage());
    }

    @Test
    void anInvalidReferenceIsAnInvalidArgument() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> pull("Not/A:Valid:Ref!"));
        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("Not/A:Valid:Ref!"), error.getMessage());

        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> pull(""));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
    }

    @Test
    void anUnreachableRegistryIsUnavailable() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> pull("127.0.0.1:1/x/y:1"));
        assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("127.0.0.1:1"), error.getMessage());
    }

    @Test
    void aBlockedRegistryIsRefused() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> pull("blocked.example/x/y:1"));
        assertEquals(Status.Code.PERMISSION_DENIED, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("blocked"), error.getMessage());
    }

    @Test
    void imagesSurviveARestartWithTheirIds() throws Exception {
        String ref = pull(multi.reference());
        List<String> before = images().stream().map(Image::getId).sorted().toList();

        orca.kill9();
        orca.start();

        assertEquals(before, images().stream().map(Image::getId).sorted().toList());
        assertEquals(ref, status(multi.reference()).getImage().getId());
    }

    @Test
    void noDownloadIsLeftBehind() throws Exception {
        try (Stream<Path> files = Files.list(orca.root().resolve("images/downloads"))) {
            assertEquals(List.of(), files.toList());
        }
    }
}
