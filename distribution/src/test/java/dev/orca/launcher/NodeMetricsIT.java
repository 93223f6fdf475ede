package dev.orca.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.orca.cri.v1.VersionRequest;
import dev.orca.spi.metrics.CounterFamily;
import dev.orca.spi.metrics.HistogramFamily;
import dev.orca.spi.metrics.MetricFamily;
import dev.orca.spi.metrics.MetricSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The metrics bundle in the booted node: it serves the families every bundle publishes, follows them as bundles come
 * and go, and the counts, kept where they are counted, survive the metrics bundle's own update.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeMetricsIT {

    private static int port;

    @Configuration
    public Option[] node() throws IOException {
        return ExamNode.options();
    }

    /** The endpoint moved, live, to a port this test knows. */
    @BeforeClass
    public static void onAKnownPort() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ServiceReference<ConfigurationAdmin> reference =
                NodeProbe.context().getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = NodeProbe.context().getService(reference);
        try {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("port", port);
            admin.getConfiguration("dev.orca.metrics", "?").update(properties);
        } finally {
            NodeProbe.context().ungetService(reference);
        }
        NodeProbe.await("metrics served on port " + port, () -> scrape().contains("orca_build_info"));
        // a counter shows its series once it has counted: one CRI call
        NodeProbe.assertServing();
    }

    private static String scrape() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static double versionCalls(String text) {
        Matcher m = Pattern.compile("orca_cri_operations_total\\{code=\"OK\",method=\"Version\"} (\\S+)")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    public void everyBundlesFamiliesAreServed() {
        String text = scrape();
        for (String family : new String[] {"orca_cri_operations_total", "orca_build_info",
            "orca_image_pulls_total", "orca_image_filesystem_size_bytes", "orca_streaming_sessions",
            "orca_bundle_events_total", "jvm_memory_used_bytes", "process_cpu_seconds_total"}) {
            assertTrue(family + " is not served:\n" + text, text.contains("# TYPE " + family + " "));
        }
    }

    /**
     * The names the dashboard and the rules are checked against ({@code orca-metric-names.txt}, read by
     * ShippedMonitoringTest) are the names the node's bundles publish — every {@code orca_} family of every metric
     * source, with its type, and nothing more or less — and the endpoint serves no other: a metric renamed in a
     * bundle fails here, not on an operator's dashboard. (A family with labels shows on the endpoint only once it
     * has a series, so the sources are asked, not the endpoint.)
     */
    @Test
    public void theListedNamesAreThePublishedNames() throws Exception {
        java.util.Map<String, String> listed = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/monitoring/orca-metric-names.txt"))) {
            String[] typeAndName = line.trim().split("\\s+");
            if (typeAndName.length == 2 && typeAndName[1].startsWith("orca_")) {
                listed.put(typeAndName[1], typeAndName[0]);
            }
        }
        java.util.Map<String, String> published = new java.util.TreeMap<>();
        for (ServiceReference<MetricSource> reference
                : NodeProbe.context().getServiceReferences(MetricSource.class, null)) {
            MetricSource source = NodeProbe.context().getService(reference);
            try {
                for (MetricFamily family : source.families()) {
                    published.put(family.name(), family instanceof CounterFamily ? "counter"
                            : family instanceof HistogramFamily ? "histogram" : "gauge");
                }
            } finally {
                NodeProbe.context().ungetService(reference);
            }
        }
        assertEquals(listed, published);
        Matcher type = Pattern.compile("(?m)^# TYPE (orca_\\S+) (\\S+)$").matcher(scrape());
        while (type.find()) {
            assertEquals("the type served for " + type.group(1), published.get(type.group(1)), type.group(2));
        }
    }

    @Test
    public void aPluginsFamiliesGoWithItAndComeBackWithIt() throws Exception {
        Bundle image = NodeProbe.bundle("dev.orca.image").orElseThrow();
        image.stop();
        try {
            NodeProbe.await("the image store's metrics gone", () -> !scrape().contains("orca_image_pulls_total"));
            assertTrue(scrape().contains("orca_cri_operations_total"));
        } finally {
            image.start();
        }
        NodeProbe.await("the image store's metrics back", () -> scrape().contains("orca_image_pulls_total"));
    }

    @Test
    public void countsSurviveTheMetricsBundlesUpdate() throws Exception {
        for (int i = 0; i < 3; i++) {
            NodeProbe.runtime().version(VersionRequest.getDefaultInstance());
        }
        double before = versionCalls(scrape());
        assertTrue("three Version calls counted: " + before, before >= 3);
        Bundle metrics = NodeProbe.bundle("dev.orca.metrics").orElseThrow();
        Path jar = Path.of(URI.create(metrics.getLocation().substring("reference:".length())));
        try (InputStream in = Files.newInputStream(jar)) {
            metrics.update(in);
        }
        NodeProbe.refresh(metrics);
        NodeProbe.await("metrics served again after the update", () -> versionCalls(scrape()) > 0);
        assertEquals(before, versionCalls(scrape()), 0);
        NodeProbe.runtime().version(VersionRequest.getDefaultInstance());
        assertEquals(before + 1, versionCalls(scrape()), 0);
    }
}
