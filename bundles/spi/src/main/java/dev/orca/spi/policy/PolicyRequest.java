package dev.orca.spi.policy;

import java.util.Objects;

/**
 * One pulled image, as the policy sees it.
 *
 * @param reference the fully qualified reference the image was asked by ({@code registry:5000/app:1} or
 *     {@code registry:5000/app@sha256:…}), never a short name: the identity signatures are checked against
 * @param manifestDigest {@code sha256:…} of the manifest pulled (for an index, of the platform's image manifest)
 * @param manifest the manifest's raw bytes, exactly as the registry served them and as the digest covers them
 * @param registry the registry host (and port) the image came from; a mirror's when pulled through one
 * @param namespace the pod's Kubernetes namespace, empty when the pull names none (crictl pull without a pod)
 * @param signatures reads more from the same registry, with the pull's credentials
 */
public record PolicyRequest(String reference, String manifestDigest, byte[] manifest, String registry,
        String namespace, SignatureSource signatures) {

    public PolicyRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(registry, "registry");
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(signatures, "signatures");
    }
}
