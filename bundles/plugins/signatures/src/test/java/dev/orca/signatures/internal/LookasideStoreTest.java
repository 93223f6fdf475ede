package dev.orca.signatures.internal;

import dev.orca.testkit.LookasideHttp;
import dev.orca.testkit.RegistryApi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.orca.spi.policy.ImagePolicy.Decision;
import dev.orca.testkit.GpgSigner;
import dev.orca.testkit.GpgSigner.Algorithm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A signature store that breaks or attacks: errors, endless lists, endless or stalled bodies. Each refuses the
 * pull with the cause (fail closed), never accepts it and never reads "no signature" into a failure; and each
 * ends within the timeout, holding no more than a signature's worth of memory.
 */
class LookasideStoreTest {

    private static final String IMAGE = "registry.test/robust/app:1";
    private static final byte[] MANIFEST = "{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final Pattern SIGNATURE = Pattern.compile("/robust/app@sha256=[0-9a-f]{64}/signature-(\\d+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static GpgSigner gpg;
    private static Path keyFile;
    private static String digest;
    private static byte[] signature;
    private static byte[] othersSignature;

    @BeforeAll
    static void sign() throws Exception {
        assumeTrue(GpgSigner.available(), "gpg and skopeo are needed to make real signatures: skipped");
        gpg = GpgSigner.inTemporaryDirectory();
        String key = gpg.generateKey("Store Signer", Algorithm.ED25519, "0");
        String other = gpg.generateKey("Store Other", Algorithm.ED25519, "0");
        keyFile = gpg.export(key, "store.gpg");
        digest = RegistryApi.sha256(MANIFEST);
        signature = gpg.signManifest(MANIFEST, IMAGE, key);
        othersSignature = gpg.signManifest(MANIFEST, IMAGE, other);
    }

    private static Decision check(String lookasideBase) throws Exception {
        PolicyNode node = new PolicyNode(gpg.directory(), lookasideBase, Clock.systemUTC(), TIMEOUT);
        return node.policy(PolicyNode.signedBy(keyFile)).check(IMAGE, digest);
    }

    /** Serves signature-N by {@code answer}; counts the requests. */
    private static Decision checkOver(AtomicInteger requests, HttpHandler answer) throws Exception {
        try (LookasideHttp http = LookasideHttp.answering(exchange -> {
            requests.incrementAndGet();
            try {
                answer.handle(exchange);
            } finally {
                exchange.close();
            }
        })) {
            return assertTimeoutPreemptively(TIMEOUT.multipliedBy(3), () -> check(http.base()));
        }
    }

    private static int index(HttpExchange exchange) {
        Matcher m = SIGNATURE.matcher(exchange.getRequestURI().getPath());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    /** Zeros, chunked, until {@code limit} bytes or the client goes away; counts what was sent. */
    private static void endless(HttpExchange exchange, int status, long limit, AtomicLong sent) throws IOException {
        exchange.sendResponseHeaders(status, 0);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            while (sent.get() < limit) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            // The client gave up, as it should.
        }
    }

    private static void assertRefused(Decision decision, String reason) {
        assertFalse(decision.accepted(), decision.reason());
        assertTrue(decision.reason().contains(reason), "expected \"" + reason + "\" in: " + decision.reason());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gpg != null) {
            gpg.close();
        }
    }

    @Test
    void aStoreAnsweringAnErrorRefusesWithTheCause() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        Decision decision = checkOver(requests, exchange -> send(exchange, 500, new byte[0]));
        assertRefused(decision, "cannot read the signatures: http://");
        assertTrue(decision.reason().endsWith("/signature-1 answered HTTP 500"), decision.reason());
    }

    @Test
    void anErrorsEndlessBodyIsNotRead() throws Exception {
        AtomicLong sent = new AtomicLong();
        Decision decision = checkOver(new AtomicInteger(), exchange -> endless(exchange, 503, 1L << 30, sent));
        assertRefused(decision, "/signature-1 answered HTTP 503");
        assertTrue(sent.get() < 64L << 20, sent.get() + " bytes sent");
    }

    @Test
    void aStoreThatCannotBeReachedRefuses() throws Exception {
        String base;
        try (LookasideHttp closed = LookasideHttp.answering(exchange -> send(exchange, 404, new byte[0]))) {
            base = closed.base();
        }
        Decision decision = check(base);
        assertRefused(decision, "cannot read the signatures: " + base + "/robust/app@");
        assertTrue(decision.reason().endsWith("/signature-1: cannot connect"), decision.reason());
    }

    @Test
    void moreSignaturesThanTheLimitRefusesWithoutReadingOn() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        // Every one of them good: a store that never ends is refused, not searched.
        Decision decision = checkOver(requests, exchange -> send(exchange, 200, signature));
        assertRefused(decision, "/signature-" + (LookasideStore.MAX_SIGNATURES + 1)
                + " exists: a store with more than " + LookasideStore.MAX_SIGNATURES + " signatures");
        assertEquals(LookasideStore.MAX_SIGNATURES + 1, requests.get());
    }

    @Test
    void theLastSignatureWithinTheLimitIsRead() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        int last = LookasideStore.MAX_SIGNATURES;
        Decision decision = checkOver(requests, exchange -> {
            int index = index(exchange);
            send(exchange, index > last ? 404 : 200, index == last ? signature : index < last ? othersSignature
                    : new byte[0]);
        });
        assertTrue(decision.accepted(), decision.reason());
        assertEquals(last + 1, requests.get(), "signature-1 to -" + last + " and the 404 after them");
    }

    @Test
    void anEndlessSignatureIsRefusedHavingReadLittleMoreThanTheLimit() throws Exception {
        AtomicLong sent = new AtomicLong();
        Decision decision = checkOver(new AtomicInteger(), exchange -> endless(exchange, 200, 1L << 30, sent));
        assertRefused(decision, "/signature-1 is larger than a signature can be (over "
                + LookasideStore.MAX_SIGNATURE_BYTES + " bytes)");
        assertTrue(sent.get() < 64L << 20, sent.get() + " bytes sent");
    }

    @Test
    void aStalledSignatureIsRefusedAfterTheTimeout() throws Exception {
        Decision decision = checkOver(new AtomicInteger(), exchange -> {
            exchange.sendResponseHeaders(200, signature.length);
            exchange.getResponseBody().write(signature, 0, 10);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(TIMEOUT.multipliedBy(4).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertRefused(decision, "/signature-1: did not answer within " + TIMEOUT.toSeconds() + " s");
    }

    @Test
    void aSignatureFileThatNeverEndsIsRefused() throws Exception {
        Path store = Files.createTempDirectory(gpg.directory(), "store");
        Path file = store.resolve("robust/app@" + digest.replace(':', '=') + "/signature-1");
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, Path.of("/dev/zero"));
        Decision decision = assertTimeoutPreemptively(TIMEOUT.multipliedBy(3), () -> check("file://" + store));
        assertRefused(decision, "/signature-1 is larger than a signature can be");
    }
}
