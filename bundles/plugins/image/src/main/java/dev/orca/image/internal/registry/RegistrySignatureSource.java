package dev.orca.image.internal.registry;

import dev.orca.image.internal.config.PullSource;
import dev.orca.image.internal.reference.ImageReference;
import dev.orca.spi.ImageException;
import dev.orca.spi.RegistryCredentials;
import dev.orca.spi.policy.SignatureSource;
import java.io.IOException;
import java.util.Optional;

/**
 * The registry a pull came from, for the image policy: same host, same transport, same credentials; a session per
 * repository asked for, since a registry token is scoped to one repository.
 */
public final class RegistrySignatureSource implements SignatureSource {

    private final RegistryClient client;
    private final PullSource source;
    private final RegistryCredentials credentials;

    public RegistrySignatureSource(RegistryClient client, PullSource source, RegistryCredentials credentials) {
        this.client = client;
        this.source = source;
        this.credentials = credentials;
    }

    @Override
    public Optional<byte[]> manifest(String repository, String tagOrDigest) throws IOException {
        try {
            return Optional.of(client.manifest(session(repository), tagOrDigest).bytes());
        } catch (ImageException e) {
            if (e.kind() == ImageException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public byte[] blob(String repository, String digest) throws IOException {
        try {
            return client.boundedBlob(session(repository), digest);
        } catch (ImageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private RegistryClient.Session session(String repository) {
        ImageReference pulled = source.reference();
        ImageReference other = new ImageReference(pulled.registry(), repository, null, null);
        return client.open(new PullSource(other, source.insecure()), credentials);
    }
}
