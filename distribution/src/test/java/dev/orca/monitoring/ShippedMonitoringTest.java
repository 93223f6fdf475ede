package dev.orca.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The dashboard imports into Grafana and the rules ask only for series Orca exports, so that neither drifts from
 * the metrics; every alert is complete and in the README.
 */
class ShippedMonitoringTest {

    @Test
    void dashboardIsAnImportableGrafanaDashboard() throws IOException {
        JsonNode dashboard = MonitoringFiles.dashboard();
        assertTrue(dashboard.get("schemaVersion").asInt() >= 30, "schemaVersion");
        JsonNode input = dashboard.get("__inputs").get(0);
        assertEquals("DS_PROMETHEUS", input.get("name").asText());
        assertEquals("prometheus", input.get("pluginId").asText());
        Set<String> variables = new HashSet<>();
        dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asText()));
        assertEquals(Set.of("instance", "handler"), variables);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertTrue(ids.add(panel.get("id").asInt()), "panel ids are unique: " + panel.get("id"));
            assertEquals("${DS_PROMETHEUS}", panel.get("datasource").get("uid").asText(), panel.get("title").asText());
            assertFalse(panel.get("targets").isEmpty(), panel.get("title").asText());
        }
    }

    @Test
    void dashboardShowsEveryServiceLevelIndicator() throws IOException {
        String queries = String.join("\n", MonitoringFiles.dashboardQueries());
        for (String sli : List.of("orca_container_start_duration_seconds:p50_5m",
                "orca_container_start_duration_seconds:p95_5m", "orca_container_start_duration_seconds:p99_5m",
                "orca_image_pulls:success_ratio_5m", "orca_image_pull_duration_seconds:p95_5m",
                "orca_cri_operations:error_ratio_5m", "orca_image_filesystem:used_ratio",
                "orca_container_oom_kills:rate5m", "up{job=\"orca\"", "orca_runtime_handler_up")) {
            assertTrue(queries.contains(sli), "the dashboard shows " + sli);
        }
    }

    @Test
    void dashboardAndRulesQueryOnlyExportedOrRecordedSeries() throws IOException {
        Set<String> recorded = new HashSet<>();
        List<String> queries = new ArrayList<>(MonitoringFiles.dashboardQueries());
        for (JsonNode rule : MonitoringFiles.ruleList()) {
            if (rule.has("record")) {
                recorded.add(rule.get("record").asText());
            }
            queries.add(rule.get("expr").asText());
        }
        List<String> exported = MonitoringFiles.metricNameLines();
        Set<String> unknown = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        for (String query : queries) {
            for (String name : PromQlNames.of(query)) {
                used.add(name);
                if (!name.equals("up") && !recorded.contains(name) && !exports(exported, name)) {
                    unknown.add(name);
                }
            }
        }
        assertEquals(Set.of(), unknown, "names neither exported nor recorded (used: " + used + ")");
        assertTrue(used.containsAll(recorded), "every recorded series is used by an alert or the dashboard");
    }

    static boolean exports(List<String> exported, String name) {
        for (String line : exported) {
            String[] typeAndName = line.trim().split("\\s+");
            String type = typeAndName[0];
            String metric = typeAndName[1];
            boolean matches = metric.endsWith("*") ? name.startsWith(metric.substring(0, metric.length() - 1))
                    : name.equals(metric) || type.equals("histogram") && List.of("_bucket", "_sum", "_count")
                            .stream().anyMatch(suffix -> name.equals(metric + suffix));
            if (matches) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyExportedOrcaNameIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        for (String line : MonitoringFiles.metricNameLines()) {
            String name = line.trim().split("\\s+")[1];
            if (name.startsWith("orca_")) {
                assertTrue(readme.contains("`" + name + "`"), "README's metrics table lists " + name);
            }
        }
    }

    @Test
    void anUnknownNameIsCaught() throws IOException {
        List<String> exported = MonitoringFiles.metricNameLines();
        assertTrue(exports(exported, "orca_container_start_duration_seconds_bucket"));
        assertTrue(exports(exported, "jvm_memory_used_bytes"));
        assertFalse(exports(exported, "orca_container_start_seconds_bucket"));
        assertFalse(exports(exported, "orca_image_pulls_total_bucket"));
    }

    @Test
    void everyAlertWaitsHasASeverityAndSaysWhatIsWrongAndIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int alerts = 0;
        for (JsonNode rule : MonitoringFiles.ruleList()) {
            if (!rule.has("alert")) {
                continue;
            }
            alerts++;
            String name = rule.get("alert").asText();
            assertTrue(rule.get("for").asText().matches("\\d+[smh]"), name + " has for:");
            assertTrue(Set.of("warning", "critical").contains(rule.get("labels").get("severity").asText()), name);
            assertFalse(rule.get("annotations").get("summary").asText().isBlank(), name);
            assertTrue(rule.get("annotations").get("description").asText().length() > 40, name);
            assertTrue(readme.contains("`" + name + "`"), "README lists " + name);
        }
        assertEquals(7, alerts);
    }
}
