package dev.orca.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side table: a row per measure, Orca on runc, containerd, their ratio, and Orca on crun with its ratio
 * to containerd; written into docs/benchmarks.md as a section of its own, replaced on each run.
 */
final class ComparisonReport {

    static final String HEADING = "## Orca and containerd side by side (issue 17)";

    /** One measure for each column; NaN where it was not measured. */
    private record Row(String label, String unit, double orca, double containerd, double orcaCrun) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** critest's operations, in its order, medians of every sample of the timed runs. */
    void critest(Map<String, List<Double>> orca, Map<String, List<Double>> containerd,
            Map<String, List<Double>> orcaCrun) {
        for (String operation : orca.keySet()) {
            rows.add(new Row(operation, "ms", median(orca.get(operation)), median(containerd.get(operation)),
                    median(orcaCrun.get(operation))));
        }
    }

    void daemon(String label, String unit, double orca, double containerd) {
        rows.add(new Row(label, unit, orca, containerd, Double.NaN));
    }

    private static double median(List<Double> values) {
        return values == null || values.isEmpty() ? Double.NaN : Figures.median(values);
    }

    /** The markdown table. */
    String table(String date) {
        StringBuilder text = new StringBuilder();
        text.append("| ").append(date).append(", 2 cores, medians | Orca (runc) | containerd (runc) | ratio | Orca (crun)")
                .append(" | ratio crun |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            text.append("| ").append(row.label()).append(" (").append(row.unit()).append(") | ")
                    .append(number(row.orca())).append(" | ").append(number(row.containerd())).append(" | ")
                    .append(ratio(row.orca(), row.containerd())).append(" | ").append(number(row.orcaCrun()))
                    .append(" | ").append(ratio(row.orcaCrun(), row.containerd())).append(" |\n");
        }
        return text.toString();
    }

    /** The worst ratio Orca (runc) / containerd and its row's label. */
    String worst() {
        return rows.stream().filter(r -> !Double.isNaN(r.orca() / r.containerd()))
                .max(java.util.Comparator.comparingDouble(r -> r.orca() / r.containerd()))
                .map(r -> r.label() + String.format(" (%.2f)", r.orca() / r.containerd())).orElse("none");
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        return value < 10 ? String.format("%.2f", value) : value < 100 ? String.format("%.1f", value)
                : String.format("%.0f", value);
    }

    private static String ratio(double orca, double containerd) {
        if (Double.isNaN(orca) || Double.isNaN(containerd)) {
            return "";
        }
        String ratio = String.format("%.2f", orca / containerd);
        return orca > containerd ? "**" + ratio + "**" : ratio;
    }

    /** Replaces the section under {@link #HEADING} in {@code doc} (appends it the first time). */
    static void writeSection(Path doc, String body) throws IOException {
        Figures.writeSection(doc, HEADING, body);
    }

    /** Per-run medians, for the console. */
    static Map<String, Double> medians(Map<String, List<Double>> samples) {
        Map<String, Double> medians = new LinkedHashMap<>();
        samples.forEach((operation, values) -> medians.put(operation, Figures.median(values)));
        return medians;
    }
}
