package dev.orca.network.cni.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A CNI network configuration list as read from {@code source}; a single-plug-in {@code .conf} is wrapped as a list
 * of one.
 *
 * @param plugins each plug-in's own configuration object, in order
 */
public record NetworkConfigList(String cniVersion, String name, List<ObjectNode> plugins, Path source) {

    public NetworkConfigList {
        plugins = List.copyOf(plugins);
    }

    public static String type(ObjectNode plugin) {
        return plugin.path("type").asText();
    }

    /** Whether the plug-in declares the capability {@code name} as true. */
    public static boolean declares(ObjectNode plugin, String name) {
        return plugin.path("capabilities").path(name).asBoolean(false);
    }
}
