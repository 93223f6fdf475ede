package dev.orca.core.internal.cri;

import static dev.orca.core.internal.cri.StatusCallTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.RecordedMount;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.ContainerRuntimeInfo;
import dev.orca.spi.ContainerState;
import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code info} of verbose pod, container and image status: JSON laid out as crictl users read containerd's. */
class VerboseInfoShapesTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private static ContainerRecord container(boolean privileged) {
        return new ContainerRecord("c1", "p1", "web", 0, "busybox", "sha256:aa", "busybox@sha256:bb", "runc",
                Path.of("/var/log/pods/p/web/0.log"), Map.of(), Map.of(), List.of(new RecordedMount("/data", "/srv", true,
                        "BIDIRECTIONAL", false)), T0, null, null,
                privileged);
    }

    private static ContainerState state(ContainerState.Phase phase, int pid) {
        return new ContainerState("c1", phase, pid, -1, T0, T0, null, null, null);
    }

    @Test
    void aContainerGivesPidSandboxRuntimeAndTheSpecAsAppliedUnderInfo() {
        var runtime = new ContainerRuntimeInfo("oci", Path.of("/usr/sbin/runc"),
                "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\",\"-c\",\"echo \\\"hi\\\"\\n\"]}}");

        Map<String, String> info = ContainerInfo.of(container(true), state(ContainerState.Phase.RUNNING, 4242),
                Optional.of(runtime), new EmbeddedSpecs());

        assertEquals(List.of("info"), List.copyOf(info.keySet()));
        JsonNode node = json(info.get("info"));
        assertEquals(4242, node.path("pid").asInt());
        assertEquals("p1", node.path("sandboxID").asText());
        assertEquals("oci", node.path("runtimeType").asText());
        assertEquals("runc", node.path("runtimeHandler").asText());
        assertTrue(node.path("privileged").asBoolean(), node.toString());
        assertEquals("1.0.2", node.path("runtimeSpec").path("ociVersion").asText());
        assertEquals("echo \"hi\"\n", node.path("runtimeSpec").path("process").path("args").get(2).asText());
        assertEquals("/data", node.path("mounts").get(0).path("containerPath").asText());
        assertEquals("BIDIRECTIONAL", node.path("mounts").get(0).path("propagation").asText());
    }

    @Test
    void aContainerThatDoesNotRunHasPidZeroAndAnEmptySpecWhenTheHandlerKeepsNone() {
        JsonNode node = json(ContainerInfo.of(container(false), state(ContainerState.Phase.EXITED, 4242),
                Optional.empty(), new EmbeddedSpecs()).get("info"));

        assertEquals(0, node.path("pid").asInt(-1));
        assertFalse(node.path("privileged").asBoolean(true));
        assertTrue(node.path("runtimeSpec").isObject(), node.toString());
        assertEquals("", node.path("runtimeType").asText("x"));
    }

    @Test
    void aSpecThatIsNotJsonIsEmbeddedAsAStringAndTheReplyStaysJson() {
        var runtime = new ContainerRuntimeInfo("oci", Path.of("/usr/sbin/runc"), "{truncated");

        JsonNode node = json(ContainerInfo.of(container(false), state(ContainerState.Phase.RUNNING, 7),
                Optional.of(runtime), new EmbeddedSpecs()).get("info"));

        assertEquals("{truncated", node.path("runtimeSpec").asText());
    }

    @Test
    void aPodGivesItsPidNamespacesCgroupImageAndHandlerUnderInfo() {
        SandboxRequest request = new SandboxRequest("p1", "web", "default", "uid", 0, "web-host", "/var/log/pods/p",
                List.of(), List.of(), List.of(), NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD,
                "/kubepods/podu", Map.of(), List.of(), List.of(), Map.of(), Map.of());
        SandboxInfo sandbox = new SandboxInfo("p1", Map.of("network", Path.of("/run/orca/ns/net")), null, null, null,
                null, "/kubepods/podu");
        PodRecord pod = new PodRecord(request, sandbox, "crun", PodRecord.Phase.READY, T0, List.of("10.88.0.5"));

        Map<String, String> info = PodInfo.of(pod, 31337, Map.of("networkCheck", "passed",
                "networkCheckedAt", "2026-12-04T19:00:00Z"), Map.of("qemuPid", "4242"));

        assertEquals(List.of("info"), List.copyOf(info.keySet()));
        JsonNode node = json(info.get("info"));
        assertEquals(31337, node.path("pid").asInt());
        assertEquals("crun", node.path("runtimeHandler").asText());
        assertEquals("/run/orca/ns/net", node.path("namespaces").path("network").asText());
        assertEquals("/kubepods/podu", node.path("cgroupParent").asText());
        assertTrue(node.has("image"), node.toString());
        assertEquals("passed", node.path("networkCheck").asText());
        assertEquals("2026-12-04T19:00:00Z", node.path("networkCheckedAt").asText());
        assertEquals("10.88.0.5", node.path("ips").get(0).asText());
        assertEquals("4242", node.path("runtimeDetails").path("qemuPid").asText());
        assertTrue(!json(PodInfo.of(pod, 0, Map.of(), Map.of()).get("info")).has("runtimeDetails"));
    }

    @Test
    void anImageGivesItsChainIdAndItsConfigUnderOciNames() {
        ImageConfig config = new ImageConfig("1000:1000", List.of("PATH=/bin", "QUOTE=\"x\""), List.of("/init"),
                List.of("serve"), "/data", Map.of("team", "a"), "SIGINT", List.of("/data"), List.of("80/tcp"));
        Image image = new Image("sha256:cfg", List.of("r/busybox:1"), List.of(), 10, List.of("sha256:l1", "sha256:l2"),
                config, T0);

        Map<String, String> info = ImageInfo.of(image);

        JsonNode node = json(info.get("info"));
        assertEquals("sha256:l2", node.path("chainID").asText());
        assertEquals(2, node.path("chainIDs").size());
        JsonNode spec = node.path("imageSpec").path("config");
        assertEquals("QUOTE=\"x\"", spec.path("Env").get(1).asText());
        assertEquals("SIGINT", spec.path("StopSignal").asText());
        assertEquals("/data", spec.path("WorkingDir").asText());
        assertTrue(spec.path("ExposedPorts").path("80/tcp").isObject(), spec.toString());
        assertEquals(T0.toString(), node.path("pulledAt").asText());
    }
}
