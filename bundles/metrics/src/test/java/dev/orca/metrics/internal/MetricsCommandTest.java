package dev.orca.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.metrics.CounterFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsCommandTest {

    @Test
    void showsOrcasFamiliesOrThoseOfAPrefix() {
        MetricsRegistry registry = new MetricsRegistry();
        CounterFamily pulls = new CounterFamily("orca_image_pulls_total", "pulls", "outcome", "reason");
        pulls.inc("success", "");
        registry.bindSource(() -> List.of(pulls));
        MetricsCommand command = new MetricsCommand(registry);

        String orca = command.metrics();
        assertTrue(orca.contains("orca_image_pulls_total{outcome=\"success\",reason=\"\"} 1.0\n"), orca);
        assertFalse(orca.contains("jvm_"), orca);
        String jvm = command.metrics("jvm_threads");
        assertTrue(jvm.contains("jvm_threads_current"), jvm);
        assertFalse(jvm.contains("orca_"), jvm);
    }
}
