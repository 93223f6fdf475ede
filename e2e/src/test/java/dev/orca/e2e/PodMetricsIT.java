package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetrics;
import dev.orca.cri.v1.LinuxContainerResources;
import dev.orca.cri.v1.ListMetricDescriptorsRequest;
import dev.orca.cri.v1.ListPodSandboxMetricsRequest;
import dev.orca.cri.v1.Metric;
import dev.orca.cri.v1.MetricDescriptor;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetrics;
import dev.orca.cri.v1.StreamPodSandboxMetricsRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ListPodSandboxMetrics, StreamPodSandboxMetrics and ListMetricDescriptors on a pod of the default handler whose
 * container holds memory, burns CPU, writes to its root file system and sends bytes to the node: the answers agree
 * with the cgroup files and the pod's {@code /proc/net/dev} that the test reads itself at about the same moment.
 */
class PodMetricsIT {

    private static final long SENT = 3_000_000;
    private static final long WRITTEN = 5_000_000;
    private static final long HELD = 40_000_000;
    private static final long LIMIT = 256L << 20;
    private static final long NANOS = 1_000_000_000L;

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static ServerSocket sink;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "metrics/busybox:1");
        sink = new ServerSocket();
        sink.bind(new InetSocketAddress(0));
        Thread drain = new Thread(PodMetricsIT::drain, "metrics-sink");
        drain.setDaemon(true);
        drain.start();
    }

    /** Takes whatever the pod sends, connection after connection. */
    private static void drain() {
        byte[] buffer = new byte[65536];
        while (!sink.isClosed()) {
            try (Socket s = sink.accept(); var in = s.getInputStream()) {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (sink != null) {
            sink.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void metricsAgreeWithTheKernelsFiguresAndEveryNameIsDescribed() throws Exception {
        PodSandboxConfig config = node.pods.pod("metered", Map.of());
        String podId = node.pods.run(config);
        String gateway = node.orca.network().subnetPrefix() + ".1";
        ContainerConfig.Builder burner = node.pods.container("burner", "burner.log", "/bin/sh", "-c",
                "head -c " + WRITTEN + " /dev/zero > /blob; "
                        + "head -c " + SENT + " /dev/zero | nc " + gateway + " " + sink.getLocalPort() + "; "
                        + "x=$(head -c " + HELD + " /dev/zero | tr '\\0' a); touch /tmp/ready; "
                        + "while :; do :; done");
        burner.getLinuxBuilder().setResources(LinuxContainerResources.newBuilder().setMemoryLimitInBytes(LIMIT));
        String id = node.pods.createAndStart(podId, config, burner);
        node.pods.awaitFile(id, "/tmp/ready");
        Thread.sleep(1500);
        String podCgroup = config.getLinux().getCgroupParent();
        String containerCgroup = podCgroup + "/orca-" + id;

        CgroupReadings podBefore = CgroupReadings.of(podCgroup);
        CgroupReadings before = CgroupReadings.of(containerCgroup);
        PodSandboxMetrics pod = listed(podId);
        CgroupReadings after = CgroupReadings.of(containerCgroup);
        CgroupReadings podAfter = CgroupReadings.of(podCgroup);
        String netDev = node.pods.output(id, "cat", "/proc/net/dev");

        assertEquals(1, pod.getContainerMetricsCount(), pod.toString());
        ContainerMetrics container = pod.getContainerMetrics(0);
        assertEquals(id, container.getContainerId());
        Map<String, Metric> c = byName(container.getMetricsList());
        Map<String, Metric> p = byName(pod.getMetricsList());

        // CPU: the answer lies between the test's readings before and after the call
        assertBetween(before.cpuNanos() / NANOS, value(c, "container_cpu_usage_seconds_total"),
                after.cpuNanos() / NANOS, "container CPU seconds");
        assertTrue(value(c, "container_cpu_usage_seconds_total") >= 1, "the burner burned a second at least");
        assertBetween(before.cpuUserNanos() / NANOS, value(c, "container_cpu_user_seconds_total"),
                after.cpuUserNanos() / NANOS, "container user seconds");
        assertBetween(before.cpuSystemNanos() / NANOS, value(c, "container_cpu_system_seconds_total"),
                after.cpuSystemNanos() / NANOS, "container system seconds");
        assertBetween(podBefore.cpuNanos() / NANOS, value(p, "container_cpu_usage_seconds_total"),
                podAfter.cpuNanos() / NANOS, "pod CPU seconds");

        // memory: within 2 MiB of the test's reading (the shell holds its string; nothing else moves much)
        assertNear(after.memoryUsage(), value(c, "container_memory_usage_bytes"), "memory usage");
        assertNear(after.rss(), value(c, "container_memory_rss"), "rss");
        assertTrue(value(c, "container_memory_rss") >= HELD, "the shell's string is anonymous memory");
        assertNear(after.cache(), value(c, "container_memory_cache"), "cache");
        long workingSet = value(c, "container_memory_working_set_bytes");
        assertTrue(workingSet <= value(c, "container_memory_usage_bytes") && workingSet >= HELD, "working set");
        assertEquals(LIMIT, value(c, "container_spec_memory_limit_bytes"));
        assertEquals(after.limit(), value(c, "container_spec_memory_limit_bytes"));
        assertNear(podAfter.memoryUsage(), value(p, "container_memory_usage_bytes"), "pod memory usage");
        long lastSeen = value(c, "container_last_seen");
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - lastSeen) < 30, "last seen " + lastSeen);

        // the writable layer holds the blob
        long fs = value(c, "container_fs_usage_bytes");
        assertTrue(fs >= WRITTEN && fs < WRITTEN + (1 << 20), "writable layer " + fs);

        // network: the pod's eth0 as /proc/net/dev inside the pod counts it
        Metric sent = c.get("container_network_transmit_bytes_total");
        assertEquals(null, sent, "interfaces are the pod's, not the container's");
        Metric transmitted = p.get("container_network_transmit_bytes_total");
        assertEquals("eth0", transmitted.getLabelValues(6));
        long[] eth0 = eth0(netDev);
        assertTrue(transmitted.getValue().getValue() >= SENT, "sent " + transmitted);
        assertTrue(eth0[1] - transmitted.getValue().getValue() >= 0
                && eth0[1] - transmitted.getValue().getValue() < 16_384, "tx " + transmitted + " vs " + eth0[1]);
        long received = value(p, "container_network_receive_bytes_total");
        assertTrue(received > 0 && eth0[0] - received >= 0 && eth0[0] - received < 16_384,
                "rx " + received + " vs " + eth0[0]);

        // labels: cAdvisor's, in the descriptors' order
        Map<String, MetricDescriptor> descriptors = node.orca.runtime()
                .listMetricDescriptors(ListMetricDescriptorsRequest.getDefaultInstance()).getDescriptorsList()
                .stream().collect(Collectors.toMap(MetricDescriptor::getName, Function.identity()));
        Metric cpu = c.get("container_cpu_usage_seconds_total");
        assertEquals(List.of("container", "id", "image", "name", "namespace", "pod"),
                descriptors.get(cpu.getName()).getLabelKeysList());
        assertEquals(List.of("burner", containerCgroup, node.busybox.reference(), id, "e2e", "metered"),
                cpu.getLabelValuesList());
        assertEquals(List.of("", podCgroup, "", podId, "e2e", "metered"),
                p.get("container_cpu_usage_seconds_total").getLabelValuesList());
        List<Metric> all = new ArrayList<>(pod.getMetricsList());
        all.addAll(container.getMetricsList());
        for (Metric m : all) {
            MetricDescriptor d = descriptors.get(m.getName());
            assertTrue(d != null, m.getName() + " is described");
            assertEquals(d.getLabelKeysCount(), m.getLabelValuesCount(), m.getName());
        }

        // the stream answers the same pods
        List<String> streamed = new ArrayList<>();
        node.orca.runtime().streamPodSandboxMetrics(StreamPodSandboxMetricsRequest.getDefaultInstance())
                .forEachRemaining(page -> page.getPodSandboxMetricsList()
                        .forEach(m -> streamed.add(m.getPodSandboxId())));
        assertEquals(List.of(podId), streamed);

        // a removed pod is no longer listed, and the call still answers
        node.pods.removePod(podId);
        assertFalse(node.orca.runtime().listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance())
                .getPodMetricsList().stream().anyMatch(m -> m.getPodSandboxId().equals(podId)));
    }

    private static PodSandboxMetrics listed(String podId) {
        return node.orca.runtime().listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance())
                .getPodMetricsList().stream().filter(m -> m.getPodSandboxId().equals(podId)).findFirst()
                .orElseThrow(() -> new AssertionError("pod " + podId + " is not listed:\n" + node.orca.log()));
    }

    private static Map<String, Metric> byName(List<Metric> metrics) {
        return metrics.stream().filter(m -> !m.getName().startsWith("container_network_")
                        || m.getLabelValuesList().get(6).equals("eth0"))
                .collect(Collectors.toMap(Metric::getName, Function.identity()));
    }

    private static long value(Map<String, Metric> metrics, String name) {
        Metric m = metrics.get(name);
        if (m == null) {
            throw new AssertionError("no " + name + " among " + metrics.keySet());
        }
        return m.getValue().getValue();
    }

    private static void assertBetween(long low, long actual, long high, String what) {
        assertTrue(low <= actual && actual <= high, what + ": " + actual + " not in [" + low + ", " + high + "]");
    }

    private static void assertNear(long expected, long actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 2 << 20, what + ": " + actual + ", the file says " + expected);
    }

    /** eth0's received and transmitted bytes in {@code /proc/net/dev} text. */
    private static long[] eth0(String netDev) {
        for (String line : netDev.split("\n")) {
            if (line.strip().startsWith("eth0:")) {
                String[] f = line.substring(line.indexOf(':') + 1).strip().split("\\s+");
                return new long[] {Long.parseLong(f[0]), Long.parseLong(f[8])};
            }
        }
        throw new AssertionError("no eth0 in\n" + netDev);
    }
}
