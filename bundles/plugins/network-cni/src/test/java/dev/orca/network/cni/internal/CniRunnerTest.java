package dev.orca.network.cni.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.network.cni.internal.PluginExecutor.PluginOutput;
import dev.orca.network.cni.internal.PluginExecutor.PluginTimeoutException;
import dev.orca.spi.NetworkException;
import dev.orca.spi.PodNetworkRequest;
import dev.orca.spi.PodNetworkRequest.PortMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Call(String type, Map<String, String> env, JsonNode stdin) {
    }

    /** Answers each plug-in with a result naming it; {@code failing}/{@code hanging} types misbehave on ADD. */
    final class FakeExecutor implements PluginExecutor {
        final List<Call> calls = new ArrayList<>();
        String failing = "";
        String hanging = "";

        @Override
        public PluginOutput run(Path binary, Map<String, String> env, byte[] stdin, Duration timeout)
                throws IOException {
            String type = binary.getFileName().toString();
            calls.add(new Call(type, env, JSON.readTree(stdin)));
            boolean add = env.get("CNI_COMMAND").equals("ADD");
            if (add && type.equals(failing)) {
                return new PluginOutput(1, "{\"code\":11,\"msg\":\"no luck\",\"details\":\"really\"}"
                        .getBytes(StandardCharsets.UTF_8), "");
            }
            if (add && type.equals(hanging)) {
                throw new PluginTimeoutException(binary + " did not finish within 1 s and was killed");
            }
            String result = "{\"cniVersion\":\"1.0.0\",\"by\":\"" + type + "\",\"ips\":[{\"address\":\"fd00::5/64\"},"
                    + "{\"address\":\"10.88.0.5/24\"}]}";
            return new PluginOutput(0, add ? result.getBytes(StandardCharsets.UTF_8) : new byte[0], "");
        }
    }

    @TempDir
    Path bin;
    private final FakeExecutor executor = new FakeExecutor();
    private CniRunner runner;
    private final PodNetworkRequest pod = new PodNetworkRequest("pod1", "web", "default", "uid-1",
            Path.of("/var/run/netns/pod1"), List.of(new PortMapping("TCP", 80, 8080, "")), "10.88.0.0/24", Map.of());

    @BeforeEach
    void plugins() throws IOException {
        for (String type : List.of("bridge", "portmap", "tuning", "bad", "slow")) {
            Files.createFile(bin.resolve(type), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        runner = new CniRunner(JSON, executor, new PluginLocator(List.of(bin.resolve("none"), bin)),
                Duration.ofSeconds(1));
    }

    private static NetworkConfigList network(String... plugins) throws IOException {
        List<ObjectNode> list = new ArrayList<>();
        for (String plugin : plugins) {
            list.add((ObjectNode) JSON.readTree(plugin));
        }
        return new NetworkConfigList("1.0.0", "podnet", list, Path.of("/etc/cni/net.d/10-podnet.conflist"), false);
    }

    private static final String BRIDGE = "{\"type\":\"bridge\",\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"10.88.0.0/24\"}]]},"
            + "\"capabilities\":{\"ipRanges\":true}}";
    private static final String PORTMAP = "{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true}}";
    private static final String TUNING = "{\"type\":\"tuning\"}";

    @Test
    void addRunsPluginsInOrderChainingPrevResult() throws Exception {
        JsonNode result = runner.add(network(BRIDGE, PORTMAP, TUNING), pod);

        assertEquals(List.of("bridge", "portmap", "tuning"), executor.calls.stream().map(Call::type).toList());
        assertFalse(executor.calls.get(0).stdin().has("prevResult"));
        assertEquals("bridge", executor.calls.get(1).stdin().path("prevResult").path("by").asText());
        assertEquals("portmap", executor.calls.get(2).stdin().path("prevResult").path("by").asText());
        assertEquals("tuning", result.path("by").asText());
        for (Call call : executor.calls) {
            assertEquals("1.0.0", call.stdin().path("cniVersion").asText());
            assertEquals("podnet", call.stdin().path("name").asText());
        }
        assertEquals(List.of("10.88.0.5", "fd00::5"), CniResult.addresses(result));
    }

    @Test
    void environmentNamesCommandPodNamespaceAndPath() throws Exception {
        runner.add(network(TUNING), pod);

        Map<String, String> env = executor.calls.get(0).env();
        assertEquals("ADD", env.get("CNI_COMMAND"));
        assertEquals("pod1", env.get("CNI_CONTAINERID"));
        assertEquals("/var/run/netns/pod1", env.get("CNI_NETNS"));
        assertEquals("eth0", env.get("CNI_IFNAME"));
        assertEquals(bin.resolve("none") + ":" + bin, env.get("CNI_PATH"));
        assertTrue(env.get("CNI_ARGS").contains("K8S_POD_NAME=web"));
    }

    @Test
    void capabilityArgumentsOnlyForPluginsDeclaringThem() throws Exception {
        runner.add(network(BRIDGE, PORTMAP, TUNING), pod);

        JsonNode bridge = executor.calls.get(0).stdin().path("runtimeConfig");
        assertEquals("10.88.0.0/24", bridge.path("ipRanges").get(0).get(0).path("subnet").asText());
        assertFalse(bridge.has("portMappings"));
        JsonNode port = executor.calls.get(1).stdin().path("runtimeConfig").path("portMappings").get(0);
        assertEquals(8080, port.path("hostPort").asInt());
        assertEquals(80, port.path("containerPort").asInt());
        assertEquals("tcp", port.path("protocol").asText());
        assertFalse(port.has("hostIP"));
        assertFalse(executor.calls.get(2).stdin().has("runtimeConfig"));
    }

    @Test
    void pluginErrorNamesPodPluginAndMessageAndRollsBackInReverse() throws Exception {
        executor.failing = "bad";
        NetworkException e = assertThrows(NetworkException.class,
                () -> runner.add(network(BRIDGE, PORTMAP, "{\"type\":\"bad\"}", TUNING), pod));

        assertTrue(e.getMessage().contains("pod pod1"), e.getMessage());
        assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
        assertTrue(e.getMessage().contains("no luck: really (code 11)"), e.getMessage());
        List<String> commands = executor.calls.stream().map(c -> c.env().get("CNI_COMMAND") + " " + c.type()).toList();
        assertEquals(List.of("ADD bridge", "ADD portmap", "ADD bad", "DEL bad", "DEL portmap", "DEL bridge"),
                commands);
    }

    @Test
    void timeoutIsAnErrorAndRollsBack() throws Exception {
        executor.hanging = "slow";
        NetworkException e = assertThrows(NetworkException.class,
                () -> runner.add(network(BRIDGE, "{\"type\":\"slow\"}"), pod));

        assertTrue(e.getMessage().contains("did not finish within 1 s"), e.getMessage());
        assertEquals("DEL", executor.calls.get(executor.calls.size() - 1).env().get("CNI_COMMAND"));
        assertEquals("bridge", executor.calls.get(executor.calls.size() - 1).type());
    }

    @Test
    void missingBinaryIsNamed() throws Exception {
        NetworkException e = assertThrows(NetworkException.class,
                () -> runner.add(network(BRIDGE, "{\"type\":\"nosuch\"}"), pod));

        assertTrue(e.getMessage().contains("'nosuch' not found in"), e.getMessage());
    }

    @Test
    void delRunsInReverseWithPrevResultAndEmptyNetnsWhenGone() throws Exception {
        JsonNode cached = JSON.readTree("{\"cniVersion\":\"1.0.0\",\"by\":\"cache\"}");
        runner.del(network(BRIDGE, PORTMAP, TUNING), pod, cached);

        assertEquals(List.of("tuning", "portmap", "bridge"), executor.calls.stream().map(Call::type).toList());
        for (Call call : executor.calls) {
            assertEquals("DEL", call.env().get("CNI_COMMAND"));
            assertEquals("", call.env().get("CNI_NETNS"));
            assertEquals("cache", call.stdin().path("prevResult").path("by").asText());
        }
    }

    @Test
    void checkRunsInOrderEachWithTheAddResult() throws Exception {
        JsonNode cached = JSON.readTree("{\"cniVersion\":\"1.0.0\",\"by\":\"cache\"}");
        runner.check(network(BRIDGE, PORTMAP, TUNING), pod, cached);

        assertEquals(List.of("bridge", "portmap", "tuning"), executor.calls.stream().map(Call::type).toList());
        for (Call call : executor.calls) {
            assertEquals("CHECK", call.env().get("CNI_COMMAND"));
            assertEquals("cache", call.stdin().path("prevResult").path("by").asText());
        }
    }

    @Test
    void checkIsForVersionsFromZeroFourOnUnlessDisabled() {
        assertTrue(new NetworkConfigList("1.0.0", "n", List.of(), null, false).checkable());
        assertTrue(new NetworkConfigList("0.4.0", "n", List.of(), null, false).checkable());
        assertFalse(new NetworkConfigList("0.3.1", "n", List.of(), null, false).checkable());
        assertFalse(new NetworkConfigList("1.0.0", "n", List.of(), null, true).checkable());
        assertFalse(new NetworkConfigList("bogus", "n", List.of(), null, false).checkable());
    }
}
