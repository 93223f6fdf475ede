package dev.orca.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestImagesTest {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private static TestRegistry registry;
    private static RegistryHttp http;

    @BeforeAll
    static void startRegistry() {
        registry = TestRegistry.plain();
        http = new RegistryHttp(registry);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void singleLayerIsBusyboxWithUsersAndShellCommand() throws Exception {
        PushedImage image = TestImages.singleLayer(registry, "single:1");
        assertEquals(registry.host() + "/single:1", image.reference());
        Map<String, Object> manifest = servedManifest(image, null);
        assertEquals(image.configDigest(), Json.string(Json.object(manifest.get("config"), "config"), "digest"));
        assertEquals(1, image.layers().size());
        PushedImage.Layer layer = image.layers().get(0);
        assertEquals(LayerCompression.GZIP.mediaType(), layer.mediaType());

        Map<String, Object> config = config(image);
        assertEquals(List.of("/bin/sh"), config.get("Cmd"));
        assertTrue(config.get("Entrypoint") == null, "entrypoint set: " + config.get("Entrypoint"));

        byte[] blob = blob(image, layer.digest());
        assertEquals(layer.diffId(), OciLayout.sha256(gunzip(blob)));
        Map<String, TarEntries.Entry> entries = byName(TarEntries.of(blob));
        assertEquals('0', entries.get("bin/busybox").type());
        for (String applet : List.of("sh", "ls", "cat", "echo", "sleep", "wget", "httpd", "id")) {
            TarEntries.Entry link = entries.get("bin/" + applet);
            assertEquals('2', link == null ? ' ' : link.type(), "bin/" + applet + " is not a symlink");
        }
        assertTrue(entries.get("etc/passwd").text().contains("app:x:1000:1000:app:/home/app:/bin/sh"));
        assertTrue(entries.get("etc/group").text().contains("shared:x:2000:app"));
    }

    @Test
    void multiLayerHasWhiteoutsAndAnOpaqueDirectoryOnTheSharedBase() throws Exception {
        PushedImage base = TestImages.singleLayer(registry, "multi-base:1");
        PushedImage image = TestImages.multiLayer(registry, "multi:1");
        servedManifest(image, null);
        assertEquals(3, image.layers().size());
        assertEquals(base.layerDigests().get(0), image.layerDigests().get(0));

        List<String> second = names(blob(image, image.layerDigests().get(1)));
        assertTrue(second.containsAll(List.of("data/a.txt", "data/sub/b.txt", "opt/greeting.txt",
                "opt/obsolete.txt", "opt/cache/entry.txt")), second.toString());

        List<String> third = names(blob(image, image.layerDigests().get(2)));
        assertEquals(List.of("opt/", "opt/.wh.obsolete.txt", "opt/.wh.cache", "data/", "data/.wh..wh..opq",
                "data/c.txt"), third);

        Map<String, Object> config = config(image);
        assertEquals("/data", config.get("WorkingDir"));
        assertEquals("SIGINT", config.get("StopSignal"));
    }

    @Test
    void sharedBaseImagesShareTheirBottomLayerOnly() throws Exception {
        List<PushedImage> images = TestImages.sharedBase(registry, "shared-a:1", "shared-b:1");
        PushedImage a = images.get(0);
        PushedImage b = images.get(1);
        servedManifest(a, null);
        servedManifest(b, null);
        assertEquals(2, a.layers().size());
        assertEquals(a.layerDigests().get(0), b.layerDigests().get(0));
        assertNotEquals(a.layerDigests().get(1), b.layerDigests().get(1));
        assertNotEquals(a.imageId(), b.imageId());
        assertEquals("a\n", byName(TarEntries.of(blob(a, a.layerDigests().get(1)))).get("etc/variant").text());
        assertEquals("b\n", byName(TarEntries.of(blob(b, b.layerDigests().get(1)))).get("etc/variant").text());
    }

    @Test
    void manifestListServesAnIndexWithAmd64AndArm64() throws Exception {
        PushedIndex index = TestImages.manifestList(registry, "multi-arch:1");
        HttpResponse<byte[]> served = http.manifest("multi-arch", "1", null);
        assertEquals(200, served.statusCode());
        assertEquals(OCI_INDEX, served.headers().firstValue("Content-Type").orElse(""));
        assertEquals(index.indexDigest(), served.headers().firstValue("Docker-Content-Digest").orElse(""));
        assertEquals(index.indexDigest(), OciLayout.sha256(served.body()));

        Map<String, String> byPlatform = Json.array(Json.parseObject(text(served)).get("manifests"), "manifests")
                .stream().map(entry -> Json.object(entry, "entry")).collect(Collectors.toMap(
                        entry -> Json.string(Json.object(entry.get("platform"), "platform"), "architecture"),
                        entry -> Json.string(entry, "digest")));
        assertEquals(index.amd64ManifestDigest(), byPlatform.get("amd64"));
        assertEquals(index.manifest(PushedIndex.LINUX_ARM64).manifestDigest(), byPlatform.get("arm64"));
        assertNotEquals(byPlatform.get("amd64"), byPlatform.get("arm64"));

        PushedImage arm64 = index.manifest(PushedIndex.LINUX_ARM64);
        assertEquals(registry.host() + "/multi-arch@" + arm64.manifestDigest(), arm64.reference());
        servedManifest(index.amd64(), null);
        servedManifest(arm64, null);
        assertEquals("arm64", Json.string(configDocument(arm64), "architecture"));
        List<TarEntries.Entry> top = TarEntries.of(blob(arm64, arm64.layerDigests().get(1)));
        assertEquals("linux/arm64\n", byName(top).get("etc/orca-platform").text());
    }

    @Test
    void largeImageSpreadsIncompressibleBytesOverTheAskedLayers() throws Exception {
        long total = 6_000_000;
        PushedImage image = TestImages.large(registry, "large:1", total, 3);
        servedManifest(image, null);
        assertEquals(4, image.layers().size(), "busybox base plus three random layers");
        List<PushedImage.Layer> random = image.layers().subList(1, 4);
        assertTrue(random.stream().mapToLong(PushedImage.Layer::size).sum() >= total);
        for (PushedImage.Layer layer : random) {
            assertTrue(layer.size() >= total / 3, "layer " + layer + " compressed its random bytes");
            assertEquals(LayerCompression.GZIP.mediaType(), layer.mediaType());
        }
    }

    @Test
    void largeImageWithSmallFilesHasThemInOneMoreLayerOnTopAndEachCopyHasContentOfItsOwn() throws Exception {
        PushedImage image = TestImages.large(registry, "large:small", 1_000_000, 2, 120);
        servedManifest(image, null);
        assertEquals(4, image.layers().size(), "busybox base, two random layers, the small files");
        List<TarEntries.Entry> small = TarEntries.of(blob(image, image.layerDigests().get(3)));
        List<TarEntries.Entry> files = small.stream().filter(e -> e.name().startsWith("data/small/")
                && e.name().contains("/file-")).toList();
        assertEquals(120, files.size());
        assertTrue(byName(small).containsKey("data/small/002/file-19"), "50 to a directory");
        assertTrue(files.stream().allMatch(e -> e.size() >= 256 && e.size() < 4096), "256 to 4,095 bytes each");
        assertThrows(IllegalArgumentException.class, () -> TestImages.large(registry, "large:bad", 1_000, 1, -1));
        PushedImage copy = TestImages.large(registry, "large:small-copy", 1_000_000, 2, 120, 1);
        assertEquals(image.layerDigests().get(0), copy.layerDigests().get(0), "the same busybox base");
        for (int i = 1; i < 4; i++) {
            assertNotEquals(image.layerDigests().get(i), copy.layerDigests().get(i), "layer " + i + " of a copy");
        }
    }

    @Test
    void zstdImageHasTheSameContentInZstdLayers() throws Exception {
        PushedImage gzip = TestImages.multiLayer(registry, "compressed:gzip");
        PushedImage zstd = TestImages.multiLayer(registry, "compressed:zstd", LayerCompression.ZSTD);
        servedManifest(zstd, null);
        assertEquals(gzip.imageId(), zstd.imageId());
        assertEquals(gzip.diffIds(), zstd.diffIds());
        for (PushedImage.Layer layer : zstd.layers()) {
            assertEquals(LayerCompression.ZSTD.mediaType(), layer.mediaType());
            byte[] blob = blob(zstd, layer.digest());
            assertArrayEquals(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, Arrays.copyOf(blob, 4));
        }
    }

    @Test
    void uncompressedImageHasPlainTarLayersWhoseDigestIsTheirDiffId() throws Exception {
        PushedImage image = TestImages.multiLayer(registry, "compressed:none", LayerCompression.NONE);
        servedManifest(image, null);
        for (PushedImage.Layer layer : image.layers()) {
            assertEquals(LayerCompression.NONE.mediaType(), layer.mediaType());
            assertEquals(layer.diffId(), layer.digest());
        }
        assertTrue(names(blob(image, image.layerDigests().get(2))).contains("data/.wh..wh..opq"));
    }

    @Test
    void sameImagePushedTwiceIsBuiltOnceAndIdentical() {
        PushedImage first = TestImages.singleLayer(registry, "again:1");
        PushedImage second = TestImages.singleLayer(registry, "again/elsewhere:2");
        assertEquals(first.manifestDigest(), second.manifestDigest());
        assertEquals(registry.host() + "/again/elsewhere@" + second.manifestDigest(), second.digestReference());
    }

    @Test
    void badReferencesAreRefusedBeforeAnythingIsBuilt() {
        for (String bad : List.of("no-tag", "Upper:1", "127.0.0.1:5000/with-host:1", "repo:bad tag")) {
            assertThrows(IllegalArgumentException.class, () -> TestImages.singleLayer(registry, bad), bad);
        }
    }

    @Test
    void basicAuthRegistryGetsImagesAndServesThemOnlyWithCredentials() throws Exception {
        Credentials erin = new Credentials("erin", "p4ss");
        try (TestRegistry secured = TestRegistry.withBasicAuth(erin.user(), erin.password())) {
            PushedImage image = TestImages.multiLayer(secured, "private/app:1");
            RegistryHttp securedHttp = new RegistryHttp(secured);
            assertEquals(401, securedHttp.manifest("private/app", "1", null).statusCode());
            assertEquals(401, securedHttp.manifest("private/app", "1",
                    new Credentials("erin", "nope").basicAuthorization()).statusCode());
            HttpResponse<byte[]> served = securedHttp.manifest("private/app", "1", erin.basicAuthorization());
            assertEquals(200, served.statusCode());
            assertEquals(image.manifestDigest(), OciLayout.sha256(served.body()));
        }
    }

    @Test
    void tokenAuthRegistryGetsImagesAndServesThemWithTheRealmsToken() throws Exception {
        Credentials frank = new Credentials("frank", "tok3n");
        try (TestRegistry secured = TestRegistry.withTokenAuth(frank.user(), frank.password())) {
            PushedImage image = TestImages.singleLayer(secured, "team/app:1");
            RegistryHttp securedHttp = new RegistryHttp(secured);

            HttpResponse<byte[]> challenged = securedHttp.manifest("team/app", "1", null);
            assertEquals(401, challenged.statusCode());
            assertEquals("repository:team/app:pull", RegistryHttp.bearerChallenge(challenged).get("scope"));

            String anonymous = RegistryHttp.token(securedHttp.requestToken(challenged, null));
            assertEquals(401, securedHttp.manifest("team/app", "1", "Bearer " + anonymous).statusCode(),
                    "an anonymous token pulled a private image");
            assertEquals(401, securedHttp.requestToken(challenged,
                    new Credentials("frank", "wrong").basicAuthorization()).statusCode());

            String token = RegistryHttp.token(securedHttp.requestToken(challenged, frank.basicAuthorization()));
            HttpResponse<byte[]> served = securedHttp.manifest("team/app", "1", "Bearer " + token);
            assertEquals(200, served.statusCode());
            assertEquals(image.manifestDigest(), OciLayout.sha256(served.body()));
            assertEquals(401, securedHttp.manifest("other/app", "1", "Bearer " + token).statusCode(),
                    "a token for team/app opened another repository");
        }
    }

    @Test
    void failedPushNamesTheImageAndShowsTheRegistrysLog() {
        try (TestRegistry secured = TestRegistry.withTokenAuth("grace", "pw")) {
            secured.tokenServer().orElseThrow().close();
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> TestImages.singleLayer(secured, "unreachable-realm:1"));
            assertTrue(error.getMessage().startsWith("cannot push oci:"), error.getMessage());
            assertTrue(error.getMessage().contains("to " + secured + ": "), error.getMessage());
            assertTrue(error.getMessage().contains("the registry's log ends with:\n"), error.getMessage());
            assertTrue(!error.getMessage().contains("grace:pw"), "the password leaked: " + error.getMessage());
        }
    }

    @Test
    void tlsRegistryGetsImagesOverHttps() throws Exception {
        try (TestRegistry tls = TestRegistry.plainTls()) {
            PushedImage image = TestImages.singleLayer(tls, "secure:1");
            HttpResponse<byte[]> served = new RegistryHttp(tls).manifest("secure", "1", null);
            assertEquals(200, served.statusCode());
            assertEquals(image.manifestDigest(), OciLayout.sha256(served.body()));
        }
    }

    /** Fetches the manifest as a puller would and checks it is the one the test kit says it pushed. */
    private static Map<String, Object> servedManifest(PushedImage image, String authorization) throws Exception {
        String repository = image.repository().substring(registry.host().length() + 1);
        HttpResponse<byte[]> served = http.manifest(repository, image.manifestDigest(), authorization);
        assertEquals(200, served.statusCode(), text(served));
        assertEquals(OCI_MANIFEST, served.headers().firstValue("Content-Type").orElse(""));
        assertEquals(image.manifestDigest(), served.headers().firstValue("Docker-Content-Digest").orElse(""));
        assertEquals(image.manifestDigest(), OciLayout.sha256(served.body()));
        Map<String, Object> manifest = Json.parseObject(text(served));
        List<String> layers = Json.array(manifest.get("layers"), "layers").stream()
                .map(layer -> Json.string(Json.object(layer, "layer"), "digest")).toList();
        assertEquals(image.layerDigests(), layers);
        return manifest;
    }

    private static Map<String, Object> configDocument(PushedImage image) throws Exception {
        byte[] config = blob(image, image.configDigest());
        assertEquals(image.configDigest(), OciLayout.sha256(config));
        Map<String, Object> document = Json.parseObject(new String(config, StandardCharsets.UTF_8));
        List<Object> diffIds = Json.array(Json.object(document.get("rootfs"), "rootfs").get("diff_ids"), "diff_ids");
        assertEquals(image.diffIds(), diffIds);
        return document;
    }

    private static Map<String, Object> config(PushedImage image) throws Exception {
        return Json.object(configDocument(image).get("config"), "config");
    }

    private static byte[] blob(PushedImage image, String digest) throws Exception {
        String repository = image.repository().substring(registry.host().length() + 1);
        HttpResponse<byte[]> served = http.blob(repository, digest, null);
        if (served.statusCode() == 307) {
            throw new AssertionError("registry redirected a blob: " + served.headers());
        }
        assertEquals(200, served.statusCode());
        assertEquals(digest, OciLayout.sha256(served.body()));
        return served.body();
    }

    private static List<String> names(byte[] layer) throws IOException {
        return TarEntries.of(layer).stream().map(TarEntries.Entry::name).toList();
    }

    private static Map<String, TarEntries.Entry> byName(List<TarEntries.Entry> entries) {
        return entries.stream().collect(Collectors.toMap(TarEntries.Entry::name, entry -> entry,
                (first, second) -> second));
    }

    private static byte[] gunzip(byte[] blob) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
            return in.readAllBytes();
        }
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
