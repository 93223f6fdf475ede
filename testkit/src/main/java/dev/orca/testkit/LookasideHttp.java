package dev.orca.testkit;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A signature lookaside store over HTTP on 127.0.0.1, as a web server serves one: a directory served as it is, or
 * whatever a test answers (errors, stalls, endless bodies).
 */
public final class LookasideHttp implements AutoCloseable {

    static {
        // Without it each small answer waits for the client's delayed ACK (~40 ms): 65 signatures took seconds.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;

    private LookasideHttp(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public static LookasideHttp serving(Path directory) throws IOException {
        return answering(exchange -> {
            Path file = directory.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
    }

    public static LookasideHttp answering(HttpHandler handler) throws IOException {
        return new LookasideHttp(handler);
    }

    /** For registries.d: {@code http://127.0.0.1:PORT}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
