package dev.orca.spi.policy;

import java.io.IOException;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry an image came from, as the image store reaches it (same host, same credentials): what a policy needs
 * to fetch signatures stored beside the image (sigstore attachments: the {@code sha256-<hex>.sig} tag).
 */
@ProviderType
public interface SignatureSource {

    /**
     * A manifest of a repository on this registry, by tag or digest; empty when the registry has none by that name.
     *
     * @param repository the repository path, without the registry ({@code library/app})
     * @throws IOException when the registry cannot be reached or refuses
     */
    Optional<byte[]> manifest(String repository, String tagOrDigest) throws IOException;

    /**
     * A blob of a repository on this registry, checked against its digest; meant for small blobs (signatures,
     * payloads), held in memory.
     *
     * @throws IOException when it is missing, the registry cannot be reached, or the bytes do not match the digest
     */
    byte[] blob(String repository, String digest) throws IOException;

    /** A source with nothing in it, for pulls that have no registry behind them (and tests). */
    SignatureSource NONE = new SignatureSource() {
        @Override
        public Optional<byte[]> manifest(String repository, String tagOrDigest) {
            return Optional.empty();
        }

        @Override
        public byte[] blob(String repository, String digest) throws IOException {
            throw new IOException("no registry to fetch blob " + digest + " from");
        }
    };
}
