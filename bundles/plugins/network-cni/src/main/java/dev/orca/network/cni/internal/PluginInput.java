package dev.orca.network.cni.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.spi.PodNetworkRequest;
import dev.orca.spi.PodNetworkRequest.PortMapping;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a plug-in is given: its stdin configuration and its CNI_* environment. */
public final class PluginInput {

    public static final String IFNAME = "eth0";

    private PluginInput() {
    }

    /**
     * The plug-in's configuration with the list's {@code cniVersion} and {@code name}, the previous result, and the
     * runtime arguments for the capabilities it declares.
     */
    public static ObjectNode stdin(NetworkConfigList network, ObjectNode plugin, JsonNode prevResult,
            PodNetworkRequest pod) {
        ObjectNode config = plugin.deepCopy();
        config.put("cniVersion", network.cniVersion());
        config.put("name", network.name());
        config.remove("prevResult");
        if (prevResult != null && !prevResult.isNull()) {
            config.set("prevResult", prevResult);
        }
        ObjectNode runtime = config.objectNode();
        if (NetworkConfigList.declares(plugin, "portMappings") && pod.portMappings() != null) {
            ArrayNode ports = runtime.putArray("portMappings");
            for (PortMapping mapping : pod.portMappings()) {
                if (mapping.hostPort() <= 0) {
                    continue;
                }
                ObjectNode port = ports.addObject();
                port.put("hostPort", mapping.hostPort());
                port.put("containerPort", mapping.containerPort());
                port.put("protocol", mapping.protocol() == null ? "tcp" : mapping.protocol().toLowerCase());
                if (mapping.hostIp() != null && !mapping.hostIp().isEmpty()) {
                    port.put("hostIP", mapping.hostIp());
                }
            }
        }
        if (NetworkConfigList.declares(plugin, "ipRanges") && pod.podCidr() != null && !pod.podCidr().isEmpty()) {
            runtime.putArray("ipRanges").addArray().addObject().put("subnet", pod.podCidr());
        }
        config.remove("runtimeConfig");
        if (!runtime.isEmpty()) {
            config.set("runtimeConfig", runtime);
        }
        return config;
    }

    public static Map<String, String> env(String command, PodNetworkRequest pod, String netns, String cniPath) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", pod.podId());
        env.put("CNI_NETNS", netns);
        env.put("CNI_IFNAME", IFNAME);
        env.put("CNI_PATH", cniPath);
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + nullToEmpty(pod.namespace()) + ";K8S_POD_NAME="
                + nullToEmpty(pod.name()) + ";K8S_POD_INFRA_CONTAINER_ID=" + pod.podId() + ";K8S_POD_UID="
                + nullToEmpty(pod.uid()));
        return env;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
