package dev.orca.streaming.internal;

import dev.orca.spi.metrics.GaugeFamily;
import dev.orca.spi.metrics.MetricFamily;
import dev.orca.spi.metrics.MetricSource;
import dev.orca.spi.metrics.Sample;
import java.util.Arrays;
import java.util.List;

/** The streaming server's metrics: sessions open now by kind (exec, attach, portforward). */
final class StreamingMetrics implements MetricSource {

    private final List<MetricFamily> families;

    StreamingMetrics(StreamLimit limit) {
        families = List.of(new GaugeFamily("orca_streaming_sessions",
                "Exec, attach and port-forward sessions open now, by kind",
                () -> Arrays.stream(PendingRequest.Kind.values())
                        .map(k -> Sample.of(limit.sessions(k), k.path())).toList(), "kind"));
    }

    @Override
    public List<MetricFamily> families() {
        return families;
    }
}
