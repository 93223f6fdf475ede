package dev.orca.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Sets up and starts a {@link TestRegistry}: TLS or not, and no auth, basic auth or token auth. Everything it makes
 * (storage, certificates, htpasswd, configuration, log) goes into one temporary directory the registry owns.
 */
public final class TestRegistryBuilder {

    static final String LOG_FILE = "registry.log";
    static final String TOKEN_SERVICE = "orca-testkit-registry";
    static final String TOKEN_ISSUER = "orca-testkit-token-server";

    /** Another process may take the picked port before the registry binds it; then we pick again. */
    private static final int PORT_ATTEMPTS = 5;

    private enum Auth { NONE, BASIC, TOKEN }

    private final Path binary;
    private boolean tls;
    private Auth auth = Auth.NONE;
    private Credentials credentials;

    TestRegistryBuilder(Path binary) {
        this.binary = binary;
    }

    /** Serve HTTPS with a self-signed certificate for 127.0.0.1. */
    public TestRegistryBuilder tls() {
        this.tls = true;
        return this;
    }

    public TestRegistryBuilder basicAuth(String user, String password) {
        return auth(Auth.BASIC, new Credentials(user, password));
    }

    public TestRegistryBuilder tokenAuth(String user, String password) {
        return auth(Auth.TOKEN, new Credentials(user, password));
    }

    private TestRegistryBuilder auth(Auth kind, Credentials accepted) {
        if (auth != Auth.NONE) {
            throw new IllegalStateException("a test registry takes one kind of auth; it already has " + auth);
        }
        this.auth = kind;
        this.credentials = accepted;
        return this;
    }

    /** Starts the registry and returns once it answers {@code GET /v2/}. */
    public TestRegistry start() {
        ScratchDirectory directory = ScratchDirectory.create("orca-testkit-registry-");
        TokenServer tokenServer = null;
        try {
            Path storage = Files.createDirectory(directory.resolve("storage"));
            SelfSignedCertificate certificate = tls
                    ? SelfSignedCertificate.create(directory.path(), "tls", "orca-testkit-registry") : null;
            Path htpasswd = auth == Auth.BASIC ? writeHtpasswd(directory.resolve("htpasswd")) : null;
            RegistryConfig.TokenAuth tokenAuth = null;
            if (auth == Auth.TOKEN) {
                SelfSignedCertificate signing = SelfSignedCertificate.create(directory.path(), "token-signing",
                        TOKEN_ISSUER);
                tokenServer = TokenServer.start(credentials, new TokenIssuer(TOKEN_ISSUER, TOKEN_SERVICE, signing));
                tokenAuth = new RegistryConfig.TokenAuth(tokenServer.realm().toString(), TOKEN_SERVICE,
                        TOKEN_ISSUER, signing.certificateFile());
            }
            RegistryConfig config = new RegistryConfig(0, storage, certificate, htpasswd, tokenAuth);
            return launch(directory, config, tokenServer);
        } catch (IOException e) {
            cleanUp(directory, tokenServer);
            throw new UncheckedIOException("cannot set up a test registry in " + directory.path() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            cleanUp(directory, tokenServer);
            throw e;
        }
    }

    private TestRegistry launch(ScratchDirectory directory, RegistryConfig unbound, TokenServer tokenServer)
            throws IOException {
        HttpClient client = httpClient(unbound.tls());
        for (int attempt = 1; ; attempt++) {
            RegistryConfig config = unbound.onPort(FreePort.pick());
            Path configFile = directory.resolve("config.yml");
            Files.writeString(configFile, config.yaml());
            String name = "registry 127.0.0.1:" + config.port();
            RegistryProcess process = RegistryProcess.launch(binary, configFile, directory.resolve(LOG_FILE), name);
            try {
                process.awaitAnswering(client, URI.create((tls ? "https" : "http") + "://127.0.0.1:"
                        + config.port()));
                return new TestRegistry(directory, config, credentials, tokenServer, client, process);
            } catch (RegistryProcess.StartException e) {
                process.stop();
                if (!e.portTaken() || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Bcrypt, as distribution requires; the password goes through stdin, never onto a command line. */
    private Path writeHtpasswd(Path file) throws IOException {
        String entry = Command.of("htpasswd", "-niB", credentials.user())
                .input(credentials.password() + "\n").secret(credentials.password()).run().strip();
        if (!entry.startsWith(credentials.user() + ":$2")) {
            throw new IllegalStateException("htpasswd did not produce a bcrypt entry for " + credentials.user()
                    + ": " + entry);
        }
        return Files.writeString(file, entry + "\n");
    }

    private static HttpClient httpClient(SelfSignedCertificate certificate) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (certificate != null) {
            client.sslContext(certificate.trustingContext());
        }
        return client.build();
    }

    private static void cleanUp(ScratchDirectory directory, TokenServer tokenServer) {
        if (tokenServer != null) {
            tokenServer.close();
        }
        directory.close();
    }
}
