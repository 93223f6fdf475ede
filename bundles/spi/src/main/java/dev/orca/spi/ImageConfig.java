package dev.orca.spi;

import java.util.List;
import java.util.Map;

/**
 * The run-time defaults an image's config carries (OCI image config {@code config} object).
 *
 * @param user {@code user}, {@code uid}, {@code user:group} or {@code uid:gid}; empty for root
 * @param env {@code NAME=value} entries
 * @param entrypoint the entrypoint, empty when unset
 * @param cmd the default arguments, empty when unset
 * @param workingDir empty when unset
 * @param labels image labels
 * @param stopSignal such as {@code SIGTERM}; empty when unset
 * @param volumes paths declared as volumes
 * @param exposedPorts such as {@code 80/tcp}
 */
public record ImageConfig(String user, List<String> env, List<String> entrypoint, List<String> cmd,
        String workingDir, Map<String, String> labels, String stopSignal, List<String> volumes,
        List<String> exposedPorts) {

    public static final ImageConfig EMPTY =
            new ImageConfig("", List.of(), List.of(), List.of(), "", Map.of(), "", List.of(), List.of());

    public ImageConfig {
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        labels = Map.copyOf(labels);
        volumes = List.copyOf(volumes);
        exposedPorts = List.copyOf(exposedPorts);
    }
}
