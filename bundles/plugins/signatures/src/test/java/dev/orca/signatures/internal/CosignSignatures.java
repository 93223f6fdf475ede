package dev.orca.signatures.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.testkit.TestRegistry;
import java.security.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
final class CosignSignatures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CosignSignatures() {
    }

    static void attach(TestRegistry registry, String repository, String manifestDigest, String identity,
            PrivateKey key) throws Exception {
        byte[] payload = payload(manifestDigest, identity);
        byte[] signature = sign(payload, key);
        String payloadDigest = RegistryApi.pushBlob(registry, repository, payload);

        ObjectNode config = JSON.createObjectNode().put("architecture", "").put("os", "");
        config.putObject("config");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(payloadDigest);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configDigest = RegistryApi.pushBlob(registry, repository, configBytes);

        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", RegistryApi.OCI_MANIFEST);
        manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("size", configBytes.length).put("digest", configDigest);
        ObjectNode layer = manifest.putArray("layers").addObject()
                .put("mediaType", CosignAttachments.PAYLOAD_MEDIA_TYPE).put("size", payload.length)
                .put("digest", payloadDigest);
        layer.putObject("annotations").put(CosignAttachments.SIGNATURE_ANNOTATION,
                Base64.getEncoder().encodeToString(signature));
        RegistryApi.putManifest(registry, repository, CosignAttachments.tagFor(manifestDigest),
                JSON.writeValueAsBytes(manifest));
    }

    static byte[] payload(String manifestDigest, String identity) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", identity);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest);
        critical.put("type", SimpleSigningPayload.SIGSTORE);
        root.putObject("optional").put("creator", "orca tests").put("timestamp", Instant.now().getEpochSecond());
        return JSON.writeValueAsBytes(root);
    }

    /**
     * Signs with OpenSSL, not with the JDK that verifies: SHA-256 with ECDSA (ASN.1 DER) or RSA (PKCS #1 v1.5) by
     * {@code openssl dgst}, Ed25519 over the raw payload by {@code openssl pkeyutl}, as cosign signs.
     */
    static byte[] sign(byte[] payload, PrivateKey key) throws Exception {
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
