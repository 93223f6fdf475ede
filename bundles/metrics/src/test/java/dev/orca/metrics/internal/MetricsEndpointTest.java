package dev.orca.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.metrics.CounterFamily;
import dev.orca.testkit.SelfSignedCertificate;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest {

    @TempDir
    Path dir;

    private static MetricsEndpointConfiguration config(boolean enabled, String cert, String key) {
        return new MetricsEndpointConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MetricsEndpointConfiguration.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String address() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return 0;
            }

            @Override
            public String tls_cert() {
                return cert;
            }

            @Override
            public String tls_key() {
                return key;
            }
        };
    }

    private static MetricsRegistry registryWithOneCounter() {
        MetricsRegistry registry = new MetricsRegistry();
        CounterFamily calls = new CounterFamily("orca_test_calls_total", "calls", "code");
        calls.inc("OK");
        registry.bindSource(() -> List.of(calls));
        return registry;
    }

    @Test
    void servesTheTextFormatOverHttp() throws Exception {
        MetricsEndpoint endpoint = new MetricsEndpoint(config(true, "", ""), registryWithOneCounter());
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("orca_test_calls_total{code=\"OK\"} 1.0\n"), response.body());
            assertTrue(response.body().contains("jvm_threads_current"), response.body());
        } finally {
            endpoint.stop();
        }
    }

    @Test
    void servesHttpsWithAPemCertificateAndKey() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "metrics", "localhost");
        MetricsEndpoint endpoint = new MetricsEndpoint(config(true, certificate.certificateFile().toString(),
                certificate.privateKeyFile().toString()), registryWithOneCounter());
        try {
            HttpResponse<String> response = HttpClient.newBuilder().sslContext(certificate.trustingContext()).build()
                    .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + endpoint.port() + "/metrics"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("orca_test_calls_total{code=\"OK\"} 1.0\n"), response.body());
        } finally {
            endpoint.stop();
        }
    }

    @Test
    void refusesHalfATlsConfigurationAndAKeyThatIsNotPkcs8() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsEndpoint(config(true, "/etc/orca/metrics.crt", ""), new MetricsRegistry()));
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "metrics", "localhost");
        Path notAKey = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        IOException refused = assertThrows(IOException.class, () -> new MetricsEndpoint(config(true,
                certificate.certificateFile().toString(), notAKey.toString()), new MetricsRegistry()));
        assertTrue(refused.getMessage().contains(notAKey.toString()) && refused.getMessage().contains("PKCS #8"),
                refused.getMessage());
    }

    @Test
    void disabledServesNothing() throws Exception {
        MetricsEndpoint endpoint = new MetricsEndpoint(config(false, "", ""), new MetricsRegistry());
        assertEquals(-1, endpoint.port());
        endpoint.stop();
    }
}
