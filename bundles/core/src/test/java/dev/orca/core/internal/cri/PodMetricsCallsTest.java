package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.cri.v1.Metric;
import dev.orca.cri.v1.MetricDescriptor;
import dev.orca.cri.v1.MetricType;
import dev.orca.cri.v1.PodSandboxMetrics;
import dev.orca.spi.ImageStore;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.NetworkUsage;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import dev.orca.spi.StorageUsage;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handlers' usage as cAdvisor's metrics: names, labels and values, and what is left out. */
class PodMetricsCallsTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000, 5);
    private static final ResourceUsage POD = new ResourceUsage(NOW, 3_700_000_000L, 40_000_000, 50_000_000, 0, 0,
            2_500_000_000L, 1_200_000_000L, 45_000_000, 5_000_000, 268_435_456,
            List.of(new NetworkUsage("eth0", 5000, 40, 1, 2, 3000, 30, 3, 4)));
    private static final ResourceUsage APP = new ResourceUsage(NOW, 2_000_000_001L, 30_000_000, 31_000_000, 0, 0,
            1_999_999_999L, 1, 29_000_000, 2_000_000, 0, List.of());

    @TempDir
    Path root;
    private final RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
    private NodeState state;

    @BeforeEach
    void aPodWithAContainerOnRuncAndOneOnAHandlerAway() throws Exception {
        state = new NodeState(root);
        state.putPod(pod("p1", "/kubepods/podu1"));
        state.putPod(pod("p2", "/kubepods/podu2"));
        state.putPod(pod("p3", "/kubepods/podu3").stopped());
        state.putContainer(container("c1", "p1", "app", "runc"));
        state.putContainer(container("c2", "p1", "side", "kata"));
        RuntimeHandlerRegistryAccess.bind(handlers, new DescribedHandler("runc") {
            @Override
            public ResourceUsage sandboxUsage(String sandboxId) {
                if (sandboxId.equals("p2")) {
                    throw new IllegalStateException("cgroup gone");
                }
                return POD;
            }

            @Override
            public ResourceUsage containerUsage(String containerId) {
                return APP;
            }
        }, "runc", true, 1);
    }

    private List<PodSandboxMetrics> list() {
        ImageStore images = (ImageStore) Proxy.newProxyInstance(ImageStore.class.getClassLoader(),
                new Class<?>[] {ImageStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("writableLayerUsage")) {
                        return new StorageUsage(Path.of("/var/lib/orca/storage/overlay"), 12_288, 3);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new PodMetricsCalls(state, new StatsCalls(handlers, state, () -> images)).list();
    }

    @Test
    void aPodsOwnMetricsDescribeItsCgroupAndItsInterfaces() {
        List<PodSandboxMetrics> pods = list();
        assertEquals(List.of("p1"), pods.stream().map(PodSandboxMetrics::getPodSandboxId).toList(),
                "p2's handler could not tell, p3 is stopped");
        Map<String, Metric> byName = byName(pods.get(0).getMetricsList());

        Metric cpu = byName.get("container_cpu_usage_seconds_total");
        assertEquals(3, cpu.getValue().getValue(), "whole seconds");
        assertEquals(MetricType.COUNTER, cpu.getMetricType());
        assertEquals(1_700_000_000_000_000_005L, cpu.getTimestamp());
        assertEquals(List.of("", "/kubepods/podu1", "", "p1", "shop", "web"), cpu.getLabelValuesList());
        assertEquals(2, byName.get("container_cpu_user_seconds_total").getValue().getValue());
        assertEquals(1, byName.get("container_cpu_system_seconds_total").getValue().getValue());
        assertEquals(50_000_000, byName.get("container_memory_usage_bytes").getValue().getValue());
        assertEquals(40_000_000, byName.get("container_memory_working_set_bytes").getValue().getValue());
        assertEquals(45_000_000, byName.get("container_memory_rss").getValue().getValue());
        assertEquals(5_000_000, byName.get("container_memory_cache").getValue().getValue());
        assertEquals(268_435_456, byName.get("container_spec_memory_limit_bytes").getValue().getValue());
        assertEquals(MetricType.GAUGE, byName.get("container_spec_memory_limit_bytes").getMetricType());
        assertEquals(1_700_000_000, byName.get("container_last_seen").getValue().getValue());

        Metric received = byName.get("container_network_receive_bytes_total");
        assertEquals(5000, received.getValue().getValue());
        assertEquals(List.of("", "/kubepods/podu1", "", "p1", "shop", "web", "eth0"), received.getLabelValuesList());
        assertEquals(4, byName.get("container_network_transmit_packets_dropped_total").getValue().getValue());
        assertEquals(3, byName.get("container_network_transmit_errors_total").getValue().getValue());
        assertEquals(40, byName.get("container_network_receive_packets_total").getValue().getValue());
    }

    @Test
    void eachContainerWhoseHandlerAnswersHasItsCgroupAndWritableLayer() {
        PodSandboxMetrics pod = list().get(0);
        assertEquals(1, pod.getContainerMetricsCount(), "c2's handler is not deployed");
        assertEquals("c1", pod.getContainerMetrics(0).getContainerId());
        Map<String, Metric> byName = byName(pod.getContainerMetrics(0).getMetricsList());

        Metric cpu = byName.get("container_cpu_usage_seconds_total");
        assertEquals(2, cpu.getValue().getValue());
        assertEquals(List.of("app", "/kubepods/podu1/orca-c1", "busybox:1.36", "c1", "shop", "web"),
                cpu.getLabelValuesList());
        Metric fs = byName.get("container_fs_usage_bytes");
        assertEquals(12_288, fs.getValue().getValue());
        assertEquals("/var/lib/orca/storage/overlay", fs.getLabelValues(6));
        assertTrue(byName.keySet().stream().noneMatch(n -> n.startsWith("container_network_")),
                "interfaces belong to the pod");
    }

    @Test
    void theDescriptorsNameEveryMetricWithAsManyLabelKeysAsItHasValues() {
        Map<String, MetricDescriptor> descriptors = CadvisorMetric.descriptors().stream()
                .collect(Collectors.toMap(MetricDescriptor::getName, Function.identity()));
        assertEquals(CadvisorMetric.values().length, descriptors.size(), "one descriptor per name");
        PodSandboxMetrics pod = list().get(0);
        List<Metric> all = new java.util.ArrayList<>(pod.getMetricsList());
        pod.getContainerMetricsList().forEach(c -> all.addAll(c.getMetricsList()));
        Set<String> returned = all.stream().map(Metric::getName).collect(Collectors.toSet());
        assertEquals(descriptors.keySet(), returned, "every descriptor is used and every metric described");
        for (Metric m : all) {
            assertEquals(descriptors.get(m.getName()).getLabelKeysCount(), m.getLabelValuesCount(), m.getName());
        }
        assertEquals(List.of("container", "id", "image", "name", "namespace", "pod", "interface"),
                descriptors.get("container_network_receive_bytes_total").getLabelKeysList());
    }

    private static Map<String, Metric> byName(List<Metric> metrics) {
        return metrics.stream().collect(Collectors.toMap(Metric::getName, Function.identity()));
    }

    private static PodRecord pod(String id, String cgroupParent) {
        SandboxRequest request = new SandboxRequest(id, "web", "shop", "uid-" + id, 0, "web", "", List.of(),
                List.of(), List.of(), NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD, cgroupParent,
                Map.of(), List.of(), List.of(), Map.of(), Map.of());
        return PodRecord.creating(request, "runc")
                .madeBy(new SandboxInfo(id, Map.of(), null, null, null, null, cgroupParent)).ready(List.of());
    }

    private static ContainerRecord container(String id, String podId, String name, String handler) {
        return new ContainerRecord(id, podId, name, 0, "busybox:1.36", "sha256:1", "sha256:1", handler,
                Path.of("/var/log/pods/x.log"), Map.of(), Map.of(), List.of(), NOW, null, null, false);
    }
}
