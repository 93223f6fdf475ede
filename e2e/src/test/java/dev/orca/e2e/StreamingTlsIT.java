package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ExecRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming server with TLS configured: URLs are https, clients that trust the certificate exec over wss. */
class StreamingTlsIT {

    @TempDir
    Path dir;

    @Test
    void withACertificateTheUrlsAreHttpsAndAnExecRunsOverTls() throws Exception {
        Path cert = dir.resolve("streaming.crt");
        Path key = dir.resolve("streaming.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(),
                "-out", cert.toString()).redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, openssl.waitFor(), said);
        try (TestRegistry registry = TestRegistry.plain()) {
            PushedImage busybox = TestImages.singleLayer(registry, "tls/busybox:1");
            OrcaDaemon orca = new OrcaDaemon(dir);
            orca.configure("dev.orca.streaming", Map.of("tls.cert", cert.toString(), "tls.key", key.toString()));
            orca.configure("dev.orca.image", Map.of("registries.conf", Files.writeString(
                    dir.resolve("registries.conf"), OrcaDaemon.insecure(registry.host())).toString()));
            orca.start();
            CriPods pods = new CriPods(orca, busybox.reference(), dir.resolve("logs"));
            try {
                pods.awaitDefaultHandler();
                orca.pull(busybox.reference());
                PodSandboxConfig pod = pods.pod("tls", Map.of());
                String id = pods.createAndStart(pods.run(pod), pod, pods.container("app", "app.log", "/bin/sh", "-c",
                        "exec sleep 300"));
                URI url = URI.create(orca.runtime().exec(ExecRequest.newBuilder().setContainerId(id)
                        .addAllCmd(List.of("echo", "over-tls")).setStdout(true).build()).getUrl());
                assertEquals("https", url.getScheme(), url.toString());

                assertThrows(Exception.class, () -> StreamingWebSocketClient.connect(HttpClient.newHttpClient(), url,
                        "v4.channel.k8s.io"), "a client that does not trust the certificate is refused");
                URI again = URI.create(orca.runtime().exec(ExecRequest.newBuilder().setContainerId(id)
                        .addAllCmd(List.of("echo", "over-tls")).setStdout(true).build()).getUrl());
                HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(cert)).build();
                try (StreamingWebSocketClient client = StreamingWebSocketClient.connect(trusting, again,
                        "v4.channel.k8s.io")) {
                    assertEquals(1000, client.awaitClose(20));
                    assertEquals("over-tls\n", new String(client.channel(1), StandardCharsets.UTF_8));
                    assertTrue(new String(client.channel(3), StandardCharsets.UTF_8).contains("Success"));
                }
            } finally {
                pods.removeAll();
                orca.close();
            }
        }
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trusted.setCertificateEntry("orca-streaming", CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
