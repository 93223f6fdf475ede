package dev.orca.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of a node's /metrics in the Prometheus text format: each series' value, by name and labels. */
final class MetricsScrape {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final String text;
    private final Map<String, Double> values = new HashMap<>();

    private MetricsScrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a sample line of the text format: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            values.put(key(sample.group(1), labels), Double.parseDouble(sample.group(4)));
        }
    }

    /** GET /metrics of the node as Prometheus asks for the text format. */
    static MetricsScrape of(OrcaDaemon orca) throws IOException, InterruptedException {
        HttpResponse<String> response = get(orca, "text/plain;version=0.0.4;q=1,*/*;q=0.1");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return new MetricsScrape(response.body());
    }

    static HttpResponse<String> get(OrcaDaemon orca, String accept) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + orca.metricsPort() + "/metrics");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String key(String name, Map<String, String> labels) {
        return name + labels;
    }

    /** The series' value; 0 when the series is not there (a counter that never counted). */
    double value(String name, String... labelPairs) {
        return values.getOrDefault(key(name, labels(labelPairs)), 0.0);
    }

    boolean has(String name, String... labelPairs) {
        return values.containsKey(key(name, labels(labelPairs)));
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    String text() {
        return text;
    }
}
