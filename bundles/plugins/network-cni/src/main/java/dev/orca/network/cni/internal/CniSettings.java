package dev.orca.network.cni.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The validated configuration of {@link CniPodNetwork}. */
public record CniSettings(Path confDir, List<Path> pluginDirs, Path cacheDir, Duration pluginTimeout,
        Duration pollInterval) {

    public CniSettings {
        pluginDirs = List.copyOf(pluginDirs);
        if (pluginDirs.isEmpty()) {
            throw new IllegalArgumentException("CNI plugin.dirs is empty");
        }
        if (pluginTimeout.isNegative() || pluginTimeout.isZero()) {
            throw new IllegalArgumentException("CNI plugin.timeout.seconds must be positive, not " + pluginTimeout);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("CNI poll.interval.millis must be positive, not " + pollInterval);
        }
    }

    /** A .cfg file in deploy/ gives a list as one comma-separated string: both forms are taken. */
    static CniSettings from(CniNetworkConfiguration config) {
        return new CniSettings(Path.of(config.conf_dir()),
                Arrays.stream(config.plugin_dirs()).flatMap(d -> Arrays.stream(d.split(",")))
                        .map(String::strip).filter(d -> !d.isEmpty()).map(Path::of).toList(),
                Path.of(config.cache_dir()), Duration.ofSeconds(config.plugin_timeout_seconds()),
                Duration.ofMillis(config.poll_interval_millis()));
    }
}
