package dev.orca.image.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orca.image.internal.config.PullSource;
import dev.orca.image.internal.reference.ImageReference;
import dev.orca.spi.ImageException;
import dev.orca.spi.RegistryCredentials;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a registry that misbehaves on purpose (the happy paths run against the real registry in the
 * end-to-end tests): auth challenges, errors, digests that do not match, truncation and stalls.
 */
class RegistryClientTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private RegistryClient client;
    private String host;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        host = "127.0.0.1:" + server.getAddress().getPort();
        client = new RegistryClient(Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private RegistryClient.Session session(RegistryCredentials credentials) {
        return client.open(new PullSource(ImageReference.parse(host + "/team/app:1"), true), credentials);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String... headers) throws IOException {
        for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void bearerChallengesAreAnsweredWithATokenFromTheRealm() throws Exception {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        AtomicInteger tokenRequests = new AtomicInteger();
        String expectedBasic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes());
        server.createContext("/token", exchange -> {
            tokenRequests.incrementAndGet();
            boolean ok = expectedBasic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && exchange.getRequestURI().getRawQuery().contains("scope=repository%3Ateam%2Fapp%3Apull");
            send(exchange, ok ? 200 : 401, ok ? "{\"token\":\"T0K3N\"}".getBytes() : new byte[0]);
        });
        server.createContext("/v2/", exchange -> {
            if ("Bearer T0K3N".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 200, manifest, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
            } else {
                send(exchange, 401, new byte[0], "WWW-Authenticate", "Bearer realm=\"http://" + host
                        + "/token\",service=\"test\",scope=\"repository:team/app:pull\"");
            }
        });

        RegistryClient.FetchedManifest fetched = client.manifest(
                session(new RegistryCredentials("alice", "secret", "", "", "", "")), "1");

        assertArrayEquals(manifest, fetched.bytes());
        assertEquals(sha256(manifest), fetched.digest());
        assertEquals("application/vnd.oci.image.manifest.v1+json", fetched.contentType());
        assertEquals(1, tokenRequests.get());
    }

    @Test
    void wrongCredentialsAreUnauthorizedNamingTheUser() {
        server.createContext("/token", exchange -> send(exchange, 401, new byte[0]));
        server.createContext("/v2/", exchange -> send(exchange, 401, new byte[0], "WWW-Authenticate",
                "Bearer realm=\"http://" + host + "/token\",service=\"test\""));

        ImageException error = assertThrows(ImageException.class, () -> client.manifest(
                session(new RegistryCredentials("alice", "wrong", "", "", "", "")), "1"));

        assertEquals(ImageException.Kind.UNAUTHORIZED, error.kind());
        assertTrue(error.getMessage().contains("'alice'"), error.getMessage());
    }

    @Test
    void basicAuthIsSentWhenAsked() throws Exception {
        String expected = "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes());
        server.createContext("/v2/", exchange -> {
            if (expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 200, "{}".getBytes());
            } else {
                send(exchange, 401, new byte[0], "WWW-Authenticate", "Basic realm=\"registry\"");
            }
        });
        String auth = Base64.getEncoder().encodeToString("bob:pw".getBytes());

        assertEquals(2, client.manifest(session(new RegistryCredentials("", "", auth, "", "", "")), "1").bytes().length);
        ImageException anonymous = assertThrows(ImageException.class,
                () -> client.manifest(session(RegistryCredentials.ANONYMOUS), "1"));
        assertEquals(ImageException.Kind.UNAUTHORIZED, anonymous.kind());
        assertTrue(anonymous.getMessage().contains("requires credentials"), anonymous.getMessage());
    }

    @Test
    void unknownManifestsAndRepositoriesAreNotFound() {
        server.createContext("/v2/", exchange -> send(exchange, 404,
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes()));

        ImageException error = assertThrows(ImageException.class,
                () -> client.manifest(session(RegistryCredentials.ANONYMOUS), "nope"));

        assertEquals(ImageException.Kind.NOT_FOUND, error.kind());
        assertEquals("manifest unknown at registry " + host, error.getMessage());
    }

    @Test
    void aManifestThatDoesNotMatchTheDigestAskedForIsCorrupt() {
        server.createContext("/v2/", exchange -> send(exchange, 200, "{\"schemaVersion\":2}".getBytes()));
        String digest = "sha256:" + "0".repeat(64);

        ImageException error = assertThrows(ImageException.class,
                () -> client.manifest(session(RegistryCredentials.ANONYMOUS), digest));

        assertEquals(ImageException.Kind.CORRUPT, error.kind());
        assertTrue(error.getMessage().contains("does not match its digest"), error.getMessage());
    }

    @Test
    void aBlobWithOtherBytesOrFewerBytesIsCorrupt() throws Exception {
        byte[] real = "layer bytes".getBytes();
        byte[] tampered = "layer bytez".getBytes();
        server.createContext("/v2/", exchange -> send(exchange, 200, tampered));

        ImageException mismatch = assertThrows(ImageException.class, () -> client.blob(
                session(RegistryCredentials.ANONYMOUS), sha256(real), real.length, dir.resolve("blob")));
        assertEquals(ImageException.Kind.CORRUPT, mismatch.kind());

        ImageException truncated = assertThrows(ImageException.class, () -> client.blob(
                session(RegistryCredentials.ANONYMOUS), sha256(real), real.length + 10, dir.resolve("blob")));
        assertEquals(ImageException.Kind.CORRUPT, truncated.kind());
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    }

    @Test
    void aStreamedBlobReachesASlowReaderWholeAndEndsOnceItsDigestIsChecked() throws Exception {
        byte[] blob = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(blob);
        server.createContext("/v2/", exchange -> send(exchange, 200, blob));
        BlobStream stream = new BlobStream(64 * 1024);
        java.util.concurrent.Future<byte[]> read = java.util.concurrent.Executors.newSingleThreadExecutor().submit(
                () -> {
                    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
                    byte[] chunk = new byte[8192];
                    for (int n; (n = stream.input().read(chunk)) >= 0; ) {
                        got.write(chunk, 0, n);
                        if (got.size() % (512 * 1024) < 8192) {
                            Thread.sleep(20);
                        }
                    }
                    return got.toByteArray();
                });

        client.blob(session(RegistryCredentials.ANONYMOUS), sha256(blob), blob.length, stream);

        assertArrayEquals(blob, read.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void aStreamedBlobWithOtherBytesFailsItsReaderWithTheDigestMismatch() throws Exception {
        byte[] real = "layer bytes".getBytes();
        byte[] tampered = "layer bytez".getBytes();
        server.createContext("/v2/", exchange -> send(exchange, 200, tampered));
        BlobStream stream = new BlobStream(1024);

        ImageException mismatch = assertThrows(ImageException.class, () -> client.blob(
                session(RegistryCredentials.ANONYMOUS), sha256(real), real.length, stream));

        assertEquals(ImageException.Kind.CORRUPT, mismatch.kind());
        assertArrayEquals(tampered, stream.input().readNBytes(tampered.length), "the bytes came through as sent");
        IOException failed = assertThrows(IOException.class, () -> stream.input().read());
        assertTrue(failed.getMessage().contains("does not match its digest"), failed.getMessage());
    }

    @Test
    void aStreamedBlobWhoseReaderGaveUpIsStillReceivedAndChecked() throws Exception {
        byte[] blob = new byte[1024 * 1024];
        new java.util.Random(8).nextBytes(blob);
        server.createContext("/v2/", exchange -> send(exchange, 200, blob));
        BlobStream stream = new BlobStream(16 * 1024);
        stream.input().close();

        client.blob(session(RegistryCredentials.ANONYMOUS), sha256(blob), blob.length, stream);

        BlobStream abandoned = new BlobStream(16);
        abandoned.input().close();
        ImageException mismatch = assertThrows(ImageException.class, () -> client.blob(
                session(RegistryCredentials.ANONYMOUS), sha256(new byte[1]), blob.length, abandoned));
        assertEquals(ImageException.Kind.CORRUPT, mismatch.kind(), "a closed reader does not hide a bad digest");
    }

    @Test
    void blobsFollowRedirectsWithoutCarryingTheCredentialsElsewhere() throws Exception {
        byte[] blob = "redirected".getBytes();
        AtomicInteger authOnStorage = new AtomicInteger();
        HttpServer storage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        storage.createContext("/", exchange -> {
            if (exchange.getRequestHeaders().containsKey("Authorization")) {
                authOnStorage.incrementAndGet();
            }
            send(exchange, 200, blob);
        });
        storage.start();
        try {
            server.createContext("/v2/", exchange -> send(exchange, 307, new byte[0], "Location",
                    "http://localhost:" + storage.getAddress().getPort() + "/data"));
            client.blob(client.open(new PullSource(ImageReference.parse(host + "/team/app:1"), true),
                    new RegistryCredentials("", "", "", "", "", "registry-token")), sha256(blob), blob.length,
                    dir.resolve("blob"));

            assertArrayEquals(blob, Files.readAllBytes(dir.resolve("blob")));
            assertEquals(0, authOnStorage.get());
        } finally {
            storage.stop(0);
        }
    }

    @Test
    void aRegistryThatStopsSendingTimesOut() throws Exception {
        server.createContext("/v2/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                send(exchange, 200, new byte[0]);
                return;
            }
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        long started = System.nanoTime();

        ImageException error = assertThrows(ImageException.class, () -> client.blob(
                session(RegistryCredentials.ANONYMOUS), "sha256:" + "1".repeat(64), 1000, dir.resolve("blob")));

        assertEquals(ImageException.Kind.TIMED_OUT, error.kind());
        assertTrue(error.getMessage().contains("sent nothing for 1s"), error.getMessage());
        assertTrue(System.nanoTime() - started < 4_000_000_000L, "gave up within the timeout, not at the end");
    }

    @Test
    void anUnreachableRegistryIsUnavailable() {
        server.stop(0);
        ImageException error = assertThrows(ImageException.class,
                () -> client.manifest(session(RegistryCredentials.ANONYMOUS), "1"));
        assertEquals(ImageException.Kind.UNREACHABLE, error.kind());
        assertFalse(error.getMessage().isBlank());
    }
    /** Sends the headers promising {@code body}, half of it, and closes the connection: a registry that went away. */
    private static void sendHalfAndVanish(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body, 0, body.length / 2);
        exchange.getResponseBody().flush();
        exchange.close();
    }

    @Test
    void aRegistryThatVanishesInTheMiddleOfAManifestIsUnavailableNamingTheRegistryAndTheManifest() {
        byte[] manifest = ("{\"schemaVersion\":2,\"padding\":\"" + "x".repeat(4000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/v2/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                send(exchange, 200, new byte[0]);
            } else {
                sendHalfAndVanish(exchange, manifest);
            }
        });

        ImageException error = assertThrows(ImageException.class,
                () -> client.manifest(session(RegistryCredentials.ANONYMOUS), "1"));

        assertEquals(ImageException.Kind.UNREACHABLE, error.kind(), error.getMessage());
        assertEquals("registry " + host + " closed the connection in the middle of manifest 1 (after "
                + manifest.length / 2 + " of " + manifest.length + " bytes)", error.getMessage());
    }

    @Test
    void aTokenServiceThatVanishesInTheMiddleOfItsReplyIsUnavailableNamingTheTokenService() {
        byte[] token = ("{\"token\":\"" + "T".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/token", exchange -> sendHalfAndVanish(exchange, token));
        server.createContext("/v2/", exchange -> send(exchange, 401, new byte[0], "WWW-Authenticate",
                "Bearer realm=\"http://" + host + "/token\",service=\"test\""));

        ImageException error = assertThrows(ImageException.class,
                () -> client.manifest(session(RegistryCredentials.ANONYMOUS), "1"));

        assertEquals(ImageException.Kind.UNREACHABLE, error.kind(), error.getMessage());
        assertEquals("the token service http://" + host + "/token of registry " + host + " closed the connection"
                + " in the middle of its reply (after " + token.length / 2 + " of " + token.length + " bytes)",
                error.getMessage());
    }
}
