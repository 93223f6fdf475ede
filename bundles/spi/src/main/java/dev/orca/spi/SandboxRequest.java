package dev.orca.spi;

import java.util.List;
import java.util.Map;

/**
 * What a pod sandbox is made of, as the core validated it from RunPodSandbox.
 *
 * @param id the sandbox ID the core chose (64 hex digits)
 * @param name pod name, with {@code namespace}, {@code uid} and {@code attempt} its CRI metadata
 * @param hostname empty for the node's hostname (host network)
 * @param logDirectory where the kubelet wants container logs, empty when unset
 * @param dnsServers with {@code dnsSearches} and {@code dnsOptions}: the pod's resolv.conf; all empty means the node's
 * @param network NODE for host networking, else POD
 * @param pid NODE, POD (shared process namespace) or CONTAINER
 * @param ipc NODE or POD
 * @param cgroupParent the kubelet's cgroup parent (cgroupfs path, such as {@code /kubepods/burstable/pod<uid>})
 * @param sysctls namespaced sysctls, validated by the core
 * @param hostAliases extra {@code /etc/hosts} lines ({@code ip name...})
 * @param portMappings the pod's host port mappings, for its network to set up
 * @param resources the pod's limits and overhead ({@link PodResources#NONE} when the kubelet sent none)
 */
public record SandboxRequest(String id, String name, String namespace, String uid, int attempt, String hostname,
        String logDirectory, List<String> dnsServers, List<String> dnsSearches, List<String> dnsOptions,
        NamespaceMode network, NamespaceMode pid, NamespaceMode ipc, String cgroupParent, Map<String, String> sysctls,
        List<String> hostAliases, List<PodNetworkRequest.PortMapping> portMappings, Map<String, String> labels,
        Map<String, String> annotations, PodResources resources) {

    public SandboxRequest {
        portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
        resources = resources == null ? PodResources.NONE : resources;
    }

    /** A pod with no resources given. */
    public SandboxRequest(String id, String name, String namespace, String uid, int attempt, String hostname,
            String logDirectory, List<String> dnsServers, List<String> dnsSearches, List<String> dnsOptions,
            NamespaceMode network, NamespaceMode pid, NamespaceMode ipc, String cgroupParent,
            Map<String, String> sysctls, List<String> hostAliases, List<PodNetworkRequest.PortMapping> portMappings,
            Map<String, String> labels, Map<String, String> annotations) {
        this(id, name, namespace, uid, attempt, hostname, logDirectory, dnsServers, dnsSearches, dnsOptions, network,
                pid, ipc, cgroupParent, sysctls, hostAliases, portMappings, labels, annotations, PodResources.NONE);
    }
}
