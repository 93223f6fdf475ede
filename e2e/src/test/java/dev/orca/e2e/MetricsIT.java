package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's /metrics, read before and after real work (pulls that succeed and fail, a pod and its container run,
 * stopped and removed): every value moves by exactly what happened. And a real Prometheus scrapes it.
 */
class MetricsIT {

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static OrcaDaemon orca;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "metrics/busybox:1");
        orca = node.orca;
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static double ops(MetricsScrape scrape, String method, String code) {
        return scrape.value("orca_cri_operations_total", "method", method, "code", code);
    }

    @Test
    void pullsMoveThePullCountersByExactlyWhatWasDownloadedAndReused() throws Exception {
        PushedImage big = TestImages.large(node.registry, "metrics/big:1", 3 << 20, 2);
        Set<String> busyboxLayers = node.busybox.layers().stream().map(PushedImage.Layer::digest)
                .collect(Collectors.toSet());
        long newBytes = big.layers().stream().filter(l -> !busyboxLayers.contains(l.digest()))
                .mapToLong(PushedImage.Layer::size).sum();
        long shared = big.layers().stream().filter(l -> busyboxLayers.contains(l.digest())).count();
        assertEquals(1, shared, "the big image stands on the busybox layer");

        MetricsScrape before = MetricsScrape.of(orca);
        orca.pull(big.reference());
        MetricsScrape afterFirst = MetricsScrape.of(orca);
        orca.pull(big.reference());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> orca.pull(node.registry.host() + "/metrics/nosuch:1"));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        MetricsScrape after = MetricsScrape.of(orca);

        assertEquals(newBytes, afterFirst.value("orca_image_pull_bytes_total")
                - before.value("orca_image_pull_bytes_total"), "the first pull downloads the new layers");
        assertEquals(shared, afterFirst.value("orca_image_pull_layers_reused_total")
                - before.value("orca_image_pull_layers_reused_total"));
        assertEquals(newBytes, after.value("orca_image_pull_bytes_total")
                - before.value("orca_image_pull_bytes_total"), "the second pull downloads nothing");
        assertEquals(shared + big.layers().size(), after.value("orca_image_pull_layers_reused_total")
                - before.value("orca_image_pull_layers_reused_total"), "the second pull reuses every layer");
        assertEquals(2, after.value("orca_image_pulls_total", "outcome", "success", "reason", "")
                - before.value("orca_image_pulls_total", "outcome", "success", "reason", ""));
        assertEquals(1, after.value("orca_image_pulls_total", "outcome", "failure", "reason", "not_found")
                - before.value("orca_image_pulls_total", "outcome", "failure", "reason", "not_found"));
        assertEquals(3, after.value("orca_image_pull_duration_seconds_count")
                - before.value("orca_image_pull_duration_seconds_count"));
        assertEquals(2, ops(after, "PullImage", "OK") - ops(before, "PullImage", "OK"));
        assertEquals(1, ops(after, "PullImage", "NOT_FOUND") - ops(before, "PullImage", "NOT_FOUND"));
        // The store's size is measured at most every 5 s (walking the layers is not free): wait for a fresh one.
        MetricsScrape sized = after;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (sized.value("orca_image_store_bytes") <= newBytes && System.nanoTime() < deadline) {
            Thread.sleep(250);
            sized = MetricsScrape.of(orca);
        }
        assertTrue(sized.value("orca_image_store_bytes") > newBytes, sized.text());
        assertTrue(after.value("orca_image_filesystem_available_bytes") > 0, after.text());
        assertTrue(after.value("orca_image_filesystem_size_bytes")
                >= after.value("orca_image_filesystem_available_bytes"), after.text());
    }

    @Test
    void aPodAndItsContainerAreCountedWhileTheyLiveAndTheirCallsAfter() throws Exception {
        CriPods pods = node.pods;
        MetricsScrape before = MetricsScrape.of(orca);

        PodSandboxConfig config = pods.pod("metered", Map.of());
        String podId = pods.run(config);
        String handler = orca.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()
                .stream().filter(p -> p.getId().equals(podId)).findFirst().orElseThrow().getRuntimeHandler();
        String id = pods.createAndStart(podId, config, pods.container("app", "app/0.log", "sleep", "60"));
        MetricsScrape running = MetricsScrape.of(orca);
        orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(1).build());
        pods.status(id);
        MetricsScrape stopped = MetricsScrape.of(orca);
        orca.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
        pods.removePod(podId);
        MetricsScrape after = MetricsScrape.of(orca);

        assertEquals(1, running.value("orca_containers", "state", "CONTAINER_RUNNING", "handler", handler)
                - before.value("orca_containers", "state", "CONTAINER_RUNNING", "handler", handler), running.text());
        assertEquals(1, running.value("orca_pods", "state", "SANDBOX_READY", "handler", handler)
                - before.value("orca_pods", "state", "SANDBOX_READY", "handler", handler));
        assertEquals(1, stopped.value("orca_containers", "state", "CONTAINER_EXITED", "handler", handler)
                - before.value("orca_containers", "state", "CONTAINER_EXITED", "handler", handler), stopped.text());
        assertEquals(before.value("orca_containers", "state", "CONTAINER_RUNNING", "handler", handler),
                after.value("orca_containers", "state", "CONTAINER_RUNNING", "handler", handler));
        assertEquals(before.value("orca_containers", "state", "CONTAINER_EXITED", "handler", handler),
                after.value("orca_containers", "state", "CONTAINER_EXITED", "handler", handler));
        assertEquals(before.value("orca_pods", "state", "SANDBOX_READY", "handler", handler),
                after.value("orca_pods", "state", "SANDBOX_READY", "handler", handler));

        for (String method : List.of("RunPodSandbox", "CreateContainer", "StartContainer", "StopContainer",
                "RemoveContainer", "StopPodSandbox", "RemovePodSandbox")) {
            assertEquals(1, ops(after, method, "OK") - ops(before, method, "OK"), method);
            assertEquals(1, after.value("orca_cri_operation_duration_seconds_count", "method", method)
                    - before.value("orca_cri_operation_duration_seconds_count", "method", method), method);
        }
        assertEquals(1, after.value("orca_container_start_duration_seconds_count", "handler", handler)
                - before.value("orca_container_start_duration_seconds_count", "handler", handler));
        assertEquals(1, after.value("orca_runtime_handler_up", "handler", handler));
        assertTrue(after.text().contains("orca_build_info{version=\""), after.text());
        assertTrue(after.value("jvm_threads_current") > 0, "the JVM's own metrics are there");
        assertTrue(after.has("orca_streaming_sessions", "kind", "exec"), after.text());
    }

    @Test
    void aBundleDroppedIntoDeployAndTakenAwayIsCounted() throws Exception {
        Path pack;
        try (var jars = Files.newDirectoryStream(orca.home().resolve("packs"), "orca-runtime-pack-crun-*.jar")) {
            pack = jars.iterator().next();
        }
        String bundle = "dev.orca.runtime.pack.crun";
        MetricsScrape before = MetricsScrape.of(orca);
        Path dropped = Files.copy(pack, orca.home().resolve("deploy").resolve(pack.getFileName()));
        MetricsScrape started = awaitCount(bundle, "started", before.value("orca_bundle_events_total", "bundle",
                bundle, "event", "started") + 1);
        Files.delete(dropped);
        MetricsScrape after = awaitCount(bundle, "uninstalled", before.value("orca_bundle_events_total", "bundle",
                bundle, "event", "uninstalled") + 1);
        for (String event : List.of("installed", "started")) {
            assertEquals(1, started.value("orca_bundle_events_total", "bundle", bundle, "event", event)
                    - before.value("orca_bundle_events_total", "bundle", bundle, "event", event), event);
        }
        for (String event : List.of("stopped", "uninstalled")) {
            assertEquals(1, after.value("orca_bundle_events_total", "bundle", bundle, "event", event)
                    - before.value("orca_bundle_events_total", "bundle", bundle, "event", event), event);
        }
    }

    private static MetricsScrape awaitCount(String bundle, String event, double count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            MetricsScrape now = MetricsScrape.of(orca);
            if (now.value("orca_bundle_events_total", "bundle", bundle, "event", event) >= count) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("bundle " + bundle + " never counted " + event + ":\n" + now.text());
            }
            Thread.sleep(200);
        }
    }

    @Test
    void openMetricsWhenAsked() throws Exception {
        HttpResponse<String> open = MetricsScrape.get(orca, "application/openmetrics-text;version=1.0.0");
        assertEquals(200, open.statusCode());
        assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                open.headers().toString());
        assertTrue(open.body().contains("# TYPE orca_cri_operations counter\n"), open.body());
        assertTrue(open.body().endsWith("# EOF\n"), open.body());
        HttpResponse<String> text = MetricsScrape.get(orca, "text/plain");
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(text.body().contains("# TYPE orca_cri_operations_total counter\n"), text.body());
    }

    @Test
    void aRealPrometheusScrapesTheNodeAndARecordingRuleOverItEvaluates() throws Exception {
        Path work = Files.createDirectories(dir.resolve("prometheus"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(work.resolve("rules.yml"), """
                groups:
                  - name: orca
                    interval: 1s
                    rules:
                      - record: orca:cri_operations:sum
                        expr: sum by (job) (orca_cri_operations_total{job="orca"})
                """);
        Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [%s]
                scrape_configs:
                  - job_name: orca
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(work.resolve("rules.yml"), orca.metricsPort()));
        Path log = work.resolve("prometheus.log");
        Process prometheus = new ProcessBuilder("/usr/bin/prometheus",
                "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + Files.createDirectories(work.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String recorded = awaitResult(port, "orca:cri_operations:sum", prometheus, log);
            assertTrue(recorded.contains("\"job\":\"orca\""), recorded);
            String up = awaitResult(port, "up{job=\"orca\"}", prometheus, log);
            assertTrue(up.contains("\"1\"]"), up);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    /** Queries Prometheus' HTTP API until the answer holds a series, or fails after a minute. */
    private static String awaitResult(int port, String query, Process prometheus, Path log) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited: " + Files.readString(log));
            }
            try {
                last = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains("\"result\":[{")) {
                    return last;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("prometheus never answered " + query + ": " + last + "\n" + Files.readString(log));
    }
}
