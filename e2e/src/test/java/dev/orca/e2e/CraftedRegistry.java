package dev.orca.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A registry that serves what a test crafts: layers with hostile entries, blobs that do not match their digest, that
 * are cut short, or that stop arriving; manifests and token replies during which it goes away. Only for bad input;
 * real images come from the real registry.
 */
final class CraftedRegistry implements AutoCloseable {

    /** How a layer blob is served. */
    enum Delivery { WHOLE, OTHER_BYTES, TRUNCATED, STALLED }

    static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** Where the registry goes away while serving a repository's manifest: half-way through it, or through the token. */
    enum Vanishing { IN_MANIFEST, IN_TOKEN }

    private final HttpServer server;
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Vanishing> vanishings = new ConcurrentHashMap<>();

    CraftedRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v2/", this::handle);
        server.createContext("/token", exchange -> sendHalfAndClose(exchange,
                ("{\"token\":\"" + "t".repeat(4000) + "\"}").getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** A tar builder for hostile layers. */
    static final class Tar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

        Tar() {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar file(String name, String content) throws IOException {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(data.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
            return this;
        }

        Tar symlink(String name, String target) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return this;
        }

        Tar hardlink(String name, String target) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            tar.finish();
            return bytes.toByteArray();
        }
    }

    /**
     * Publishes {@code repository:1} with one gzip layer made of {@code tar}, delivered as said.
     *
     * @return the reference to pull
     */
    String publish(String repository, byte[] tar, Delivery delivery) throws IOException {
        return publish(repository, java.util.List.of(tar), delivery);
    }

    /** Publishes {@code repository:1} with a gzip layer per tar, base first; the top one delivered as said. */
    String publish(String repository, java.util.List<byte[]> tars, Delivery topDelivery) throws IOException {
        return publish(repository, tars, topDelivery, GZIP_LAYER);
    }

    /** As {@link #publish(String, java.util.List, Delivery)}, the top layer described with {@code topMediaType}. */
    String publish(String repository, java.util.List<byte[]> tars, Delivery topDelivery, String topMediaType)
            throws IOException {
        StringBuilder diffIds = new StringBuilder();
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < tars.size(); i++) {
            byte[] layer = gzip(tars.get(i));
            String layerDigest = sha256(layer);
            blobs.put(layerDigest, layer);
            deliveries.put(layerDigest, i == tars.size() - 1 ? topDelivery : Delivery.WHOLE);
            diffIds.append(i == 0 ? "" : ",").append('"').append(sha256(tars.get(i))).append('"');
            layers.append(i == 0 ? "" : ",").append("{\"mediaType\":\"")
                    .append(i == tars.size() - 1 ? topMediaType : GZIP_LAYER).append("\","
                    + "\"digest\":\"").append(layerDigest).append("\",\"size\":").append(layer.length).append('}');
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
        manifests.put(repository, manifest);
        blobs.put(configDigest, config);
        return host() + "/" + repository + ":1";
    }

    /** From now on the registry goes away while serving {@code repository}'s manifest, as said; null: it does not. */
    void vanish(String repository, Vanishing where) {
        if (where == null) {
            vanishings.remove(repository);
        } else {
            vanishings.put(repository, where);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/v2/")) {
            send(exchange, 200, new byte[0]);
        } else if (path.contains("/manifests/")) {
            String repository = path.substring(4, path.indexOf("/manifests/"));
            byte[] manifest = manifests.get(repository);
            Vanishing vanishing = vanishings.get(repository);
            if (manifest != null && vanishing == Vanishing.IN_MANIFEST) {
                sendHalfAndClose(exchange, manifest);
            } else if (manifest != null && vanishing == Vanishing.IN_TOKEN) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
                        + "/token\",service=\"crafted\",scope=\"repository:" + repository + ":pull\"");
                send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes());
            } else if (manifest == null) {
                send(exchange, 404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}".getBytes());
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
                send(exchange, 200, manifest);
            }
        } else if (path.contains("/blobs/")) {
            String digest = path.substring(path.indexOf("/blobs/") + 7);
            byte[] blob = blobs.get(digest);
            if (blob == null) {
                send(exchange, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes());
                return;
            }
            deliver(exchange, blob, deliveries.getOrDefault(digest, Delivery.WHOLE));
        } else {
            send(exchange, 404, new byte[0]);
        }
    }

    private static void deliver(HttpExchange exchange, byte[] blob, Delivery delivery) throws IOException {
        switch (delivery) {
            case WHOLE -> send(exchange, 200, blob);
            case OTHER_BYTES -> {
                byte[] other = blob.clone();
                other[other.length / 2] ^= 0x55;
                send(exchange, 200, other);
            }
            case TRUNCATED -> {
                exchange.sendResponseHeaders(200, blob.length);
                exchange.getResponseBody().write(blob, 0, blob.length / 2);
                exchange.getResponseBody().flush();
                exchange.getHttpContext().getServer();
                exchange.close();
            }
            case STALLED -> {
                exchange.sendResponseHeaders(200, blob.length);
                exchange.getResponseBody().write(blob, 0, blob.length / 2);
                exchange.getResponseBody().flush();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
        }
    }

    /** Promises {@code body} in the headers, sends half of it and closes the connection. */
    private static void sendHalfAndClose(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body, 0, body.length / 2);
        exchange.getResponseBody().flush();
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
