package dev.orca.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void findsTheSelectedNamesAndNothingElse() {
        assertEquals(Set.of("orca_image_pulls_total"), PromQlNames.of(
                "(sum by (instance) (rate(orca_image_pulls_total{outcome=\"success\", reason=~\"a|b\"}[5m])) or"
                        + " sum by (instance) (rate(orca_image_pulls_total[$__rate_interval])) * 0) > 0.9"));
        assertEquals(Set.of("up", "orca_runtime_handler_up"), PromQlNames.of("(orca_runtime_handler_up == 0 or"
                + " (max_over_time(orca_runtime_handler_up[1h]) unless orca_runtime_handler_up)) and on (instance)"
                + " (up{job=\"orca\"} == 1)"));
        assertEquals(Set.of("a:b_c:p95_5m", "x_bucket"), PromQlNames.of(
                "histogram_quantile(0.95, sum by (le) (rate(x_bucket{instance=~\"$instance\"}[5m]))) + a:b_c:p95_5m"
                        + " offset 1h > 1e3"));
    }
}
