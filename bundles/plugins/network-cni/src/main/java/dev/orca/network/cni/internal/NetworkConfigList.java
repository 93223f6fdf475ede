package dev.orca.network.cni.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A CNI network configuration list as read from {@code source}; a single-plug-in {@code .conf} is wrapped as a list
 * of one.
 *
 * @param plugins each plug-in's own configuration object, in order
 * @param disableCheck the list's {@code disableCheck}: CHECK is not to be run
 */
public record NetworkConfigList(String cniVersion, String name, List<ObjectNode> plugins, Path source,
        boolean disableCheck) {

    public NetworkConfigList {
        plugins = List.copyOf(plugins);
    }

    /** Whether CHECK may be run: the specification has it from version 0.4.0, unless the list disables it. */
    public boolean checkable() {
        if (disableCheck) {
            return false;
        }
        String[] parts = cniVersion.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 0 || minor >= 4;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static String type(ObjectNode plugin) {
        return plugin.path("type").asText();
    }

    /** Whether the plug-in declares the capability {@code name} as true. */
    public static boolean declares(ObjectNode plugin, String name) {
        return plugin.path("capabilities").path(name).asBoolean(false);
    }
}
