package dev.orca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run of {@code critest --benchmark} (cri-tools v1.26.1) against a CRI socket: its per-operation durations from
 * the JSON reports it writes ({@code *_benchmark_data.json}: pod, container, image lifecycle, image listing), and the
 * pod + container start benchmark, which it reports only in its log (one sample per run).
 */
final class CritestBenchmark {

    /** The start benchmark's name, as the table shows it. */
    static final String FROM_SCRATCH = "pod + container from scratch";
    static final String CREATE_AND_START = "CreateContainer + StartContainer";
    static final String BUSYBOX = "registry.k8s.io/e2e-test-images/busybox:1.29-2";

    private static final Pattern START_LINE = Pattern.compile(
            "create PodSandbox and container \\[duration\\]\\s*\\|\\s*\\d+\\s*\\|\\s*\\S+\\s*\\|\\s*(\\S+)\\s*\\|");
    private static final Pattern GO_DURATION = Pattern.compile("([0-9.]+)(ns|µs|us|ms|s|m|h)");

    private CritestBenchmark() {
    }

    /**
     * Runs critest's benchmarks with {@code iterations} sequential samples each against {@code socket}, pods on
     * {@code handler} (empty: the default); the samples in ms by operation, in critest's order.
     */
    static Map<String, List<Double>> run(Path critest, Path socket, String handler, int iterations, Path out)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        Path params = out.resolve("params.yaml");
        Files.writeString(params, """
                containersNumber: %1$d
                containersNumberParallel: 1
                podsNumber: %1$d
                podsNumberParallel: 1
                imagesNumber: %1$d
                imagesNumberParallel: 1
                imagePullingBenchmarkImage: %2$s
                imageListingBenchmarkImages:
                  - %2$s
                """.formatted(iterations, BUSYBOX));
        List<String> command = new ArrayList<>(List.of(critest.toString(), "--benchmark",
                "--runtime-endpoint", "unix://" + socket, "--image-endpoint", "unix://" + socket,
                "--benchmarking-params-file", params.toString(), "--benchmarking-output-dir", out.toString(),
                "--ginkgo.no-color"));
        if (!handler.isEmpty()) {
            command.addAll(List.of("--runtime-handler", handler));
        }
        Path log = out.resolve("critest.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("critest --benchmark did not end within 20 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("critest --benchmark against " + socket + " exited with "
                    + process.exitValue() + "; see " + log);
        }
        return samples(out);
    }

    /** The samples of one run's reports and log, in ms by operation. */
    static Map<String, List<Double>> samples(Path out) throws IOException {
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String report : List.of("pod", "container", "image_lifecycle", "image_listing")) {
            JsonNode set = json.readTree(out.resolve(report + "_benchmark_data.json").toFile());
            List<String> names = new ArrayList<>();
            set.get("operationsNames").forEach(n -> names.add(n.asText()));
            for (JsonNode point : set.get("datapoints")) {
                JsonNode durations = point.get("operationsDurationsNs");
                for (int i = 0; i < names.size(); i++) {
                    samples.computeIfAbsent(names.get(i), n -> new ArrayList<>()).add(durations.get(i).asLong() / 1e6);
                }
                if (report.equals("container")) {
                    samples.computeIfAbsent(CREATE_AND_START, n -> new ArrayList<>())
                            .add((durations.get(0).asLong() + durations.get(1).asLong()) / 1e6);
                }
            }
        }
        try (Stream<String> lines = Files.lines(out.resolve("critest.log"))) {
            lines.map(START_LINE::matcher).filter(Matcher::find).findFirst().ifPresent(m -> samples
                    .computeIfAbsent(FROM_SCRATCH, n -> new ArrayList<>()).add(goDurationMillis(m.group(1))));
        }
        return samples;
    }

    /** A Go duration as printed ({@code 238.5ms}, {@code 1.2s}, {@code 1m2.5s}), in ms. */
    static double goDurationMillis(String text) {
        double millis = 0;
        Matcher part = GO_DURATION.matcher(text);
        while (part.find()) {
            double value = Double.parseDouble(part.group(1));
            millis += switch (part.group(2)) {
                case "ns" -> value / 1e6;
                case "µs", "us" -> value / 1e3;
                case "ms" -> value;
                case "s" -> value * 1e3;
                case "m" -> value * 60e3;
                default -> value * 3600e3;
            };
        }
        return millis;
    }
}
