package dev.orca.network.cni.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.network.cni.internal.PluginExecutor.PluginOutput;
import dev.orca.spi.NetworkException;
import dev.orca.spi.PodNetworkRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a network's plug-ins for a pod: ADD in order, chaining each result into the next as {@code prevResult}, and
 * DEL in reverse. A failed ADD is rolled back with DEL for the plug-ins it reached, so nothing of it remains.
 */
public final class CniRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CniRunner.class);

    private final ObjectMapper json;
    private final PluginExecutor executor;
    private final PluginLocator locator;
    private final Duration timeout;

    public CniRunner(ObjectMapper json, PluginExecutor executor, PluginLocator locator, Duration timeout) {
        this.json = json;
        this.executor = executor;
        this.locator = locator;
        this.timeout = timeout;
    }

    /** ADD through every plug-in; returns the last plug-in's result. */
    public JsonNode add(NetworkConfigList network, PodNetworkRequest pod) throws NetworkException {
        JsonNode result = null;
        List<ObjectNode> reached = new ArrayList<>();
        for (ObjectNode plugin : network.plugins()) {
            reached.add(plugin);
            try {
                result = invoke("ADD", network, plugin, result, pod, netns(pod, true));
            } catch (NetworkException e) {
                rollBack(network, reached, result, pod, e);
                throw e;
            }
        }
        return result;
    }

    /** DEL through every plug-in in reverse; all are tried, the first failure is reported. */
    public void del(NetworkConfigList network, PodNetworkRequest pod, JsonNode prevResult) throws NetworkException {
        NetworkException first = null;
        List<ObjectNode> plugins = new ArrayList<>(network.plugins());
        for (int i = plugins.size() - 1; i >= 0; i--) {
            try {
                invoke("DEL", network, plugins.get(i), prevResult, pod, netns(pod, false));
            } catch (NetworkException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** CHECK through every plug-in in order, each given the ADD's result; the first failure is reported. */
    public void check(NetworkConfigList network, PodNetworkRequest pod, JsonNode prevResult) throws NetworkException {
        for (ObjectNode plugin : network.plugins()) {
            invoke("CHECK", network, plugin, prevResult, pod, netns(pod, true));
        }
    }

    private void rollBack(NetworkConfigList network, List<ObjectNode> reached, JsonNode prevResult,
            PodNetworkRequest pod, NetworkException cause) {
        NetworkConfigList partial = new NetworkConfigList(network.cniVersion(), network.name(), reached,
                network.source(), network.disableCheck());
        try {
            del(partial, pod, prevResult);
        } catch (NetworkException e) {
            LOG.warn("pod {}: rolling back network '{}' after a failed ADD: {}", pod.podId(), network.name(),
                    e.getMessage());
            cause.addSuppressed(e);
        }
    }

    /** An absent namespace file is passed as empty on DEL, as the specification allows. */
    private static String netns(PodNetworkRequest pod, boolean adding) {
        Path netns = pod.netns();
        if (netns == null || (!adding && !netns.toFile().exists())) {
            return "";
        }
        return netns.toString();
    }

    private JsonNode invoke(String command, NetworkConfigList network, ObjectNode plugin, JsonNode prevResult,
            PodNetworkRequest pod, String netns) throws NetworkException {
        String type = NetworkConfigList.type(plugin);
        String what = "pod " + pod.podId() + ": CNI " + command + " of plug-in '" + type + "' (network '"
                + network.name() + "')";
        Path binary = locator.find(type).orElseThrow(() -> new NetworkException(
                what + ": plug-in binary '" + type + "' not found in " + locator.searchPath()));
        PluginOutput output;
        try {
            byte[] stdin = json.writeValueAsBytes(PluginInput.stdin(network, plugin, prevResult, pod));
            output = executor.run(binary, PluginInput.env(command, pod, netns, locator.searchPath()), stdin, timeout);
        } catch (IOException e) {
            throw new NetworkException(what + ": " + e.getMessage(), e);
        }
        if (output.exitCode() != 0) {
            throw new NetworkException(what + " failed: " + describeError(output));
        }
        if (!command.equals("ADD")) {
            return null;
        }
        try {
            JsonNode result = json.readTree(output.stdout());
            if (result == null || !result.isObject()) {
                throw new NetworkException(what + ": no result on stdout");
            }
            return result;
        } catch (IOException e) {
            throw new NetworkException(what + ": malformed result: " + e.getMessage(), e);
        }
    }

    /** The CNI error object ({@code code}, {@code msg}, {@code details}), or whatever the plug-in printed. */
    private String describeError(PluginOutput output) {
        String stdout = new String(output.stdout(), StandardCharsets.UTF_8).strip();
        try {
            JsonNode error = json.readTree(stdout);
            if (error != null && error.has("msg")) {
                String details = error.path("details").asText("");
                return error.path("msg").asText() + (details.isEmpty() ? "" : ": " + details) + " (code "
                        + error.path("code").asInt() + ")";
            }
        } catch (IOException e) {
            // not a CNI error object: fall through to the raw output
        }
        String text = stdout.isEmpty() ? output.stderr() : stdout;
        return "exit code " + output.exitCode() + (text.isEmpty() ? "" : ": " + text);
    }
}
