package dev.orca.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real registry — Debian's {@code docker-registry} (distribution 2.8) — on a free 127.0.0.1 port, storing into a
 * temporary directory it owns. It is ready when constructed (it answers {@code GET /v2/}); {@link #close()} stops
 * it and deletes its storage, configuration and log.
 *
 * <pre>{@code
 * try (TestRegistry registry = TestRegistry.withTokenAuth("alice", "secret")) {
 *     PushedImage image = TestImages.singleLayer(registry, "busybox:1");
 *     ...
 * }
 * }</pre>
 */
public final class TestRegistry implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final ScratchDirectory directory;
    private final RegistryConfig config;
    private final Credentials credentials;
    private final TokenServer tokenServer;
    private final HttpClient httpClient;
    private final RegistryProcess process;
    private final Thread shutdownHook;
    private boolean closed;

    TestRegistry(ScratchDirectory directory, RegistryConfig config, Credentials credentials,
            TokenServer tokenServer, HttpClient httpClient, RegistryProcess process) {
        this.directory = directory;
        this.config = config;
        this.credentials = credentials;
        this.tokenServer = tokenServer;
        this.httpClient = httpClient;
        this.process = process;
        // a test that forgets close() must not leave a registry running after the JVM
        this.shutdownHook = new Thread(this::stop, "orca-testkit-registry-" + config.port() + "-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** No auth, plain HTTP. */
    public static TestRegistry plain() {
        return builder().start();
    }

    /** No auth, HTTPS with a self-signed certificate: clients must trust {@link #certificate()} or skip verifying. */
    public static TestRegistry plainTls() {
        return builder().tls().start();
    }

    /** HTTP basic auth against an htpasswd file (bcrypt), plain HTTP. */
    public static TestRegistry withBasicAuth(String user, String password) {
        return builder().basicAuth(user, password).start();
    }

    /** Bearer token auth through a {@link TokenServer} the test kit runs on another loopback port; plain HTTP. */
    public static TestRegistry withTokenAuth(String user, String password) {
        return builder().tokenAuth(user, password).start();
    }

    /** For the combinations the factories do not name, e.g. token auth over TLS. */
    public static TestRegistryBuilder builder() {
        return new TestRegistryBuilder(BINARY);
    }

    /** {@code 127.0.0.1:PORT}, as it appears in image references. */
    public String host() {
        return "127.0.0.1:" + config.port();
    }

    /** {@code http://127.0.0.1:PORT} or {@code https://…}. */
    public URI url() {
        return URI.create((isTls() ? "https://" : "http://") + host());
    }

    /** {@code 127.0.0.1:PORT/REPOSITORY:TAG} for {@code "REPOSITORY:TAG"}. */
    public String reference(String repositoryAndTag) {
        return ImageReference.parse(repositoryAndTag).on(this);
    }

    public boolean isTls() {
        return config.tls() != null;
    }

    /** The self-signed certificate the registry serves, if it serves TLS. */
    public Optional<SelfSignedCertificate> certificate() {
        return Optional.ofNullable(config.tls());
    }

    /** The credentials the registry (or its token server) accepts, if it wants any. */
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    public Optional<TokenServer> tokenServer() {
        return Optional.ofNullable(tokenServer);
    }

    /** An HTTP client that trusts this registry's certificate; it sends no credentials by itself. */
    public HttpClient httpClient() {
        return httpClient;
    }

    public Path storageDir() {
        return config.storage();
    }

    /** The registry's standard output and error. */
    public Path logFile() {
        return directory.resolve(TestRegistryBuilder.LOG_FILE);
    }

    /** The last lines of the registry's log, for assertion messages. */
    public String logTail() {
        return process.logTail();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; stop() is idempotent
        }
    }

    @Override
    public String toString() {
        String auth = credentials == null ? "no auth" : tokenServer == null ? "basic auth" : "token auth";
        return "registry " + host() + " (" + (isTls() ? "TLS, " : "") + auth + ")";
    }

    private void stop() {
        process.stop();
        if (tokenServer != null) {
            tokenServer.close();
        }
        directory.close();
    }
}
