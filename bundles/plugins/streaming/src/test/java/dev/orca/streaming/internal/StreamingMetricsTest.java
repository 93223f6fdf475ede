package dev.orca.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.metrics.GaugeFamily;
import dev.orca.spi.metrics.Sample;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamingMetricsTest {

    private static Set<Sample> sessions(StreamingMetrics metrics) {
        return Set.copyOf(((GaugeFamily) metrics.families().get(0)).samples());
    }

    @Test
    void sessionsAreCountedByKindWhileOpen() {
        StreamLimit limit = new StreamLimit(3);
        StreamingMetrics metrics = new StreamingMetrics(limit);
        assertEquals(Set.of(Sample.of(0, "exec"), Sample.of(0, "attach"), Sample.of(0, "portforward")),
                sessions(metrics));
        assertTrue(limit.tryAcquire());
        limit.serving(PendingRequest.Kind.EXEC);
        assertTrue(limit.tryAcquire());
        limit.serving(PendingRequest.Kind.EXEC);
        assertTrue(limit.tryAcquire());
        limit.serving(PendingRequest.Kind.PORT_FORWARD);
        assertEquals(Set.of(Sample.of(2, "exec"), Sample.of(0, "attach"), Sample.of(1, "portforward")),
                sessions(metrics));
        limit.release(PendingRequest.Kind.EXEC);
        assertEquals(Set.of(Sample.of(1, "exec"), Sample.of(0, "attach"), Sample.of(1, "portforward")),
                sessions(metrics));
        assertEquals(2, limit.active(), "a session's end frees its place under the limit");
    }
}
