package dev.orca.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a node's start went: setting up the framework and installing the features' bundles, then starting each
 * bundle. Summed up in one log line once every feature has started, so any node can say what its start spent.
 */
final class BootTimes {

    /** One bundle's start: its symbolic name and how long {@code start()} took. */
    record Start(String bundle, Duration took) {
    }

    private Duration setUp = Duration.ZERO;
    private final List<Start> starts = new ArrayList<>();

    void setUp(Duration took) {
        setUp = took;
    }

    void started(String bundle, Duration took) {
        starts.add(new Start(bundle, took));
    }

    /**
     * {@code 55 bundles started in 1,204 ms after 452 ms of framework set-up and installation; the slowest:
     * dev.orca.core 460 ms, dev.orca.signatures 165 ms, dev.orca.image 98 ms}.
     */
    String summary(int slowest) {
        long total = starts.stream().mapToLong(s -> s.took().toMillis()).sum();
        String named = starts.stream().sorted(Comparator.comparing(Start::took).reversed()).limit(slowest)
                .map(s -> s.bundle() + " " + s.took().toMillis() + " ms").collect(Collectors.joining(", "));
        return String.format("%d bundles started in %,d ms after %,d ms of framework set-up and installation%s",
                starts.size(), total, setUp.toMillis(), named.isEmpty() ? "" : "; the slowest: " + named);
    }
}
