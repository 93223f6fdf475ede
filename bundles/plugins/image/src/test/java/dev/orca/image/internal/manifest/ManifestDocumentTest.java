package dev.orca.image.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestDocumentTest {

    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDockerManifestListIsResolvedToTheNodesPlatform() {
        ManifestDocument document = ManifestDocument.parse(bytes("""
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
                 "manifests":[
                  {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":10,
                   "platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
                  {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":11,
                   "platform":{"architecture":"amd64","os":"linux"}}]}""".formatted(D1, D2)), null);

        ManifestDocument.Index index = assertInstanceOf(ManifestDocument.Index.class, document);
        assertEquals(D2, index.forPlatform("linux/amd64").orElseThrow().digest());
        assertEquals(D1, index.forPlatform("linux/arm64/v8").orElseThrow().digest());
        assertTrue(index.forPlatform("windows/amd64").isEmpty());
        assertEquals(List.of("linux/arm64/v8", "linux/amd64"), index.platforms());
    }

    @Test
    void anOciManifestWithoutMediaTypeIsRecognisedByItsShape() {
        ManifestDocument document = ManifestDocument.parse(bytes("""
                {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json",
                 "digest":"%s","size":5},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd",
                 "digest":"%s","size":7}]}""".formatted(D1, D2)), "");

        ManifestDocument.ImageManifest manifest = assertInstanceOf(ManifestDocument.ImageManifest.class, document);
        assertEquals(D1, manifest.config().digest());
        assertEquals(MediaTypes.Compression.ZSTD, MediaTypes.compressionOf(manifest.layers().get(0).mediaType()));
    }

    @Test
    void badManifestsAreRefusedSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestDocument.parse(bytes("not json"), ""))
                .getMessage().contains("not JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ManifestDocument.parse(bytes("{\"schemaVersion\":1}"), "")).getMessage().contains("schema"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestDocument.parse(bytes(
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"md5:x\",\"size\":1},\"layers\":[]}"), ""))
                .getMessage().contains("md5:x"));
        assertThrows(IllegalArgumentException.class,
                () -> MediaTypes.compressionOf("application/vnd.example.unknown"));
    }

    @Test
    void theConfigGivesDiffIdsAndRunTimeDefaults() {
        ConfigDocument config = ConfigDocument.parse(bytes("""
                {"os":"linux","architecture":"amd64","rootfs":{"type":"layers","diff_ids":["%s"]},
                 "config":{"User":"app","Env":["A=1"],"Entrypoint":["/bin/sh","-c"],"Cmd":["echo hi"],
                  "WorkingDir":"/work","Labels":{"l":"v"},"StopSignal":"SIGQUIT",
                  "Volumes":{"/data":{}},"ExposedPorts":{"80/tcp":{}}}}""".formatted(D1)));

        assertEquals(List.of(D1), config.diffIds());
        assertEquals("app", config.config().user());
        assertEquals(List.of("/bin/sh", "-c"), config.config().entrypoint());
        assertEquals("SIGQUIT", config.config().stopSignal());
        assertEquals(List.of("/data"), config.config().volumes());
        assertEquals(List.of("80/tcp"), config.config().exposedPorts());
    }
}
