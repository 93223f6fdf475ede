package dev.orca.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The monitoring files the distribution ships, and the rules test beside the tests. */
final class MonitoringFiles {

    static final Path DIR = Path.of("src/main/dist/monitoring");
    static final Path RULES = DIR.resolve("orca-rules.yml");
    static final Path DASHBOARD = DIR.resolve("orca-dashboard.json");
    static final Path RULES_TEST = Path.of("src/test/resources/monitoring/orca-rules-test.yml");
    static final Path METRIC_NAMES = Path.of("src/test/resources/monitoring/orca-metric-names.txt");

    private MonitoringFiles() {
    }

    static JsonNode rules() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /** Every rule of every group. */
    static List<JsonNode> ruleList() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        rules().get("groups").forEach(g -> g.get("rules").forEach(all::add));
        return all;
    }

    /** Every expression a dashboard panel or variable queries. */
    static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = dashboard();
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.get("expr").asText())));
        dashboard.get("templating").get("list").forEach(v -> queries.add(v.get("query").get("query").asText()
                .replaceAll("^label_values\\((.*),\\s*\\w+\\)$", "$1")));
        return queries;
    }

    static List<String> metricNameLines() throws IOException {
        return Files.readAllLines(METRIC_NAMES).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
}
