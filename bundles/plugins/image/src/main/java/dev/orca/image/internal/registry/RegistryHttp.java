package dev.orca.image.internal.registry;

import dev.orca.spi.ImageException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTP to registries: a verifying client for secure registries, a non-verifying one for those configured insecure,
 * and for insecure ones the scheme that works (HTTPS without verification first, then plain HTTP).
 */
final class RegistryHttp {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final CompletableFuture<Clients> clients;
    private final Duration timeout;
    private final Map<String, String> schemeByHost = new ConcurrentHashMap<>();

    /** The verifying and the non-verifying client. */
    private record Clients(HttpClient secure, HttpClient insecure) {
    }

    /**
     * Builds the clients on a thread of their own: the JVM's first HTTP client (its TLS set-up, the trust store) costs
     * a quarter of a second here, which the node's start should not wait for; the first request waits for it if it
     * comes that early.
     */
    RegistryHttp(Duration timeout) {
        this.timeout = timeout;
        this.clients = CompletableFuture.supplyAsync(() -> new Clients(builder(timeout).build(),
                builder(timeout).sslContext(trustEverything()).build()),
                task -> {
                    Thread setUp = new Thread(task, "orca-registry-http-setup");
                    setUp.setDaemon(true);
                    setUp.start();
                });
    }

    private static HttpClient.Builder builder(Duration timeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    Duration timeout() {
        return timeout;
    }

    HttpClient client(boolean insecureAllowed) {
        Clients ready = clients.join();
        return insecureAllowed ? ready.insecure() : ready.secure();
    }

    /** {@code scheme://host}: HTTPS, or for an insecure registry whichever of HTTPS and HTTP answers. */
    URI base(String host, boolean insecureAllowed) throws ImageException {
        if (!insecureAllowed) {
            return URI.create("https://" + host);
        }
        String scheme = schemeByHost.get(host);
        if (scheme == null) {
            scheme = probe(host);
            schemeByHost.put(host, scheme);
        }
        return URI.create(scheme + "://" + host);
    }

    /** HTTPS when the registry speaks it (unverified), else plain HTTP when that answers. */
    private String probe(String host) throws ImageException {
        IOException httpsFailure;
        try {
            client(true).send(ping("https", host), HttpResponse.BodyHandlers.discarding());
            return "https";
        } catch (IOException e) {
            httpsFailure = e;
        } catch (InterruptedException e) {
            throw interrupted(host);
        }
        try {
            client(true).send(ping("http", host), HttpResponse.BodyHandlers.discarding());
            return "http";
        } catch (IOException e) {
            throw failure(host, httpsFailure instanceof SSLException ? e : httpsFailure);
        } catch (InterruptedException e) {
            throw interrupted(host);
        }
    }

    /** A registry answers its base endpoint at once; a server that does not speak TLS may never answer a TLS hello. */
    private HttpRequest ping(String scheme, String host) {
        Duration patience = timeout.compareTo(PROBE_TIMEOUT) < 0 ? timeout : PROBE_TIMEOUT;
        return HttpRequest.newBuilder(URI.create(scheme + "://" + host + "/v2/")).timeout(patience).GET().build();
    }

    private static ImageException interrupted(String host) {
        Thread.currentThread().interrupt();
        return new ImageException(ImageException.Kind.FAILED, "interrupted while reaching registry " + host);
    }

    /**
     * Sends a request whose answer is small (a token, an error document) and reads it whole.
     *
     * @param server names who answers in errors, such as {@code the token service URL of registry HOST}
     */
    HttpResponse<byte[]> sendSmall(HttpRequest request, boolean insecureAllowed, String registry, String server)
            throws ImageException {
        SmallReply reply = new SmallReply();
        try {
            return client(insecureAllowed).send(request, reply);
        } catch (HttpTimeoutException e) {
            throw failure(registry, e);
        } catch (IOException e) {
            if (reply.started()) {
                throw new ImageException(ImageException.Kind.UNREACHABLE, server
                        + " closed the connection in the middle of its reply (" + reply.progress() + ")", e);
            }
            throw failure(registry, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException(ImageException.Kind.FAILED, "interrupted while talking to registry " + registry);
        }
    }

    /** Turns a transport failure into an image error naming the registry. */
    ImageException failure(String registry, Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ImageException image) {
            return image;
        }
        if (cause instanceof HttpTimeoutException) {
            return new ImageException(ImageException.Kind.TIMED_OUT,
                    "registry " + registry + " did not answer within " + timeout.toSeconds() + "s", cause);
        }
        if (cause instanceof ConnectException || cause.getCause() instanceof ConnectException) {
            return new ImageException(ImageException.Kind.UNREACHABLE,
                    "registry " + registry + " is unreachable: connection refused", cause);
        }
        if (cause instanceof SSLException) {
            return new ImageException(ImageException.Kind.UNREACHABLE,
                    "registry " + registry + ": TLS failed: " + cause.getMessage(), cause);
        }
        return new ImageException(ImageException.Kind.UNREACHABLE,
                "registry " + registry + " is unreachable: " + describe(cause), cause);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static SSLContext trustEverything() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
