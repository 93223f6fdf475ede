package dev.orca.testkit;

import java.security.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.time.Instant;
import java.util.Base64;

/**
 * Attaches a sigstore signature to an image as containers/image and cosign do, for machines where no tool can:
 * Debian's skopeo 1.9.3 is built with sigstore disabled ("Debian-local change: sigstore disabled"), for signing and
 * for verifying. The payload is containers/image's (critical: identity, image, type; optional: creator, timestamp),
 * signed with SHA-256 (ECDSA as ASN.1 DER, RSA PKCS #1 v1.5) or Ed25519 over the payload's bytes, attached as the one
 * layer of an OCI manifest tagged {@code sha256-<hex>.sig} with the signature in the layer's annotation. OpenSSL
 * makes the signature itself, so the JDK that verifies is checked against another implementation.
 */
public final class CosignSignatures {

    /** cosign's names: the payload layer's media type, the annotation with the signature, the payload's type. */
    public static final String PAYLOAD_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String PAYLOAD_TYPE = "cosign container image signature";

    private CosignSignatures() {
    }

    /**
     * Signs {@code manifestDigest} of {@code repository} claiming {@code identity} and pushes the signature as the
     * {@code sha256-<hex>.sig} tag of the repository.
     */
    public static void attach(TestRegistry registry, String repository, String manifestDigest, String identity,
            PrivateKey key) throws Exception {
        byte[] payload = payload(manifestDigest, identity);
        byte[] signature = sign(payload, key);
        String payloadDigest = RegistryApi.pushBlob(registry, repository, payload);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "");
        config.put("os", "");
        config.put("config", Map.of());
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(payloadDigest)));
        byte[] configBytes = Json.write(config).getBytes(StandardCharsets.UTF_8);
        String configDigest = RegistryApi.pushBlob(registry, repository, configBytes);

        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("mediaType", PAYLOAD_MEDIA_TYPE);
        layer.put("size", payload.length);
        layer.put("digest", payloadDigest);
        layer.put("annotations", Map.of(SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(signature)));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", RegistryApi.OCI_MANIFEST);
        manifest.put("config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "size",
                configBytes.length, "digest", configDigest));
        manifest.put("layers", List.of(layer));
        RegistryApi.putManifest(registry, repository, tagFor(manifestDigest),
                Json.write(manifest).getBytes(StandardCharsets.UTF_8));
    }

    /** The tag cosign attaches a manifest's signatures under: {@code sha256-<hex>.sig}. */
    public static String tagFor(String manifestDigest) {
        return manifestDigest.replace(':', '-') + ".sig";
    }

    /** containers/image's payload: critical identity, image digest and type; optional creator and timestamp. */
    public static byte[] payload(String manifestDigest, String identity) {
        Map<String, Object> critical = new LinkedHashMap<>();
        critical.put("identity", Map.of("docker-reference", identity));
        critical.put("image", Map.of("docker-manifest-digest", manifestDigest));
        critical.put("type", PAYLOAD_TYPE);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("critical", critical);
        root.put("optional", Map.of("creator", "orca tests", "timestamp", Instant.now().getEpochSecond()));
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Signs with OpenSSL, not with the JDK that verifies: SHA-256 with ECDSA (ASN.1 DER) or RSA (PKCS #1 v1.5) by
     * {@code openssl dgst}, Ed25519 over the raw payload by {@code openssl pkeyutl}, as cosign signs.
     */
    public static byte[] sign(byte[] payload, PrivateKey key) throws Exception {
        Path dir = Files.createTempDirectory("orca-cosign-sign");
        try {
            Path keyFile = Files.writeString(dir.resolve("key.pem"), CosignKeyFiles.pem("PRIVATE KEY",
                    key.getEncoded()));
            Path in = Files.write(dir.resolve("payload"), payload);
            Path out = dir.resolve("signature");
            List<String> command = key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519")
                    ? List.of("openssl", "pkeyutl", "-sign", "-rawin", "-inkey", keyFile.toString(), "-in",
                            in.toString(), "-out", out.toString())
                    : List.of("openssl", "dgst", "-sha256", "-sign", keyFile.toString(), "-out", out.toString(),
                            in.toString());
            Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + said);
            }
            return Files.readAllBytes(out);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }
}
