package dev.orca.signatures.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.testkit.TestRegistry;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * Attaches a sigstore signature to an image as containers/image and cosign do, for machines where no tool can:
 * Debian's skopeo 1.9.3 is built with sigstore disabled ("Debian-local change: sigstore disabled"), for signing and
 * for verifying. The payload is containers/image's (critical: identity, image, type; optional: creator, timestamp),
 * signed with SHA-256 (ECDSA as ASN.1 DER, RSA PKCS #1 v1.5) or Ed25519 over the payload's bytes, attached as the one
 * layer of an OCI manifest tagged {@code sha256-<hex>.sig} with the signature in the layer's annotation.
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

    static byte[] sign(byte[] payload, PrivateKey key) throws Exception {
        Signature signer = Signature.getInstance(switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        });
        signer.initSign(key);
        signer.update(payload);
        return signer.sign();
    }
}
