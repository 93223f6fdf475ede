package dev.orca.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A pod to connect or disconnect.
 *
 * @param netns the pod's pinned network namespace file; may no longer exist on tear-down
 * @param portMappings the pod's host port mappings
 * @param podCidr the node's pod CIDR from UpdateRuntimeConfig, empty when unknown
 */
public record PodNetworkRequest(String podId, String name, String namespace, String uid, Path netns,
        List<PortMapping> portMappings, String podCidr, Map<String, String> annotations) {

    /** A CRI port mapping: {@code protocol} is {@code tcp}, {@code udp} or {@code sctp}. */
    public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {
    }
}
