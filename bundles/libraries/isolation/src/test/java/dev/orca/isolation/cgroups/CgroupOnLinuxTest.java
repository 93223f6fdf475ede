package dev.orca.isolation.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciResources.OciCpu;
import dev.orca.spi.oci.OciResources.OciMemory;
import dev.orca.spi.oci.OciResources.OciPids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** A real pod cgroup under a test-unique parent (root only), in this host's layout. */
@EnabledIf("dev.orca.isolation.cgroups.CgroupOnLinuxTest#isRoot")
class CgroupOnLinuxTest {

    private final String parent = "/orca-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String podPath = parent + "/burstable/pod" + UUID.randomUUID();
    private Process process;

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
        Cgroup top = Cgroup.onHost(parent);
        top.killAll();
        top.remove();
        for (Path dir : top.directories()) {
            assertFalse(Files.exists(dir), "left behind: " + dir);
        }
    }

    @Test
    void createsAppliesMeasuresKillsAndRemoves() throws Exception {
        Cgroup pod = Cgroup.onHost(podPath);
        pod.create();
        pod.create();
        for (Path dir : pod.directories()) {
            assertTrue(Files.isDirectory(dir), dir + " made");
        }

        pod.apply(new OciResources(new OciMemory(256L << 20, null, null),
                new OciCpu(512L, 50_000L, 100_000L, "0", "0"), new OciPids(64), null, null, null));

        if (pod.layout().isUnified()) {
            assertEquals("268435456", read(pod, "memory", "memory.max"));
            assertEquals(CgroupSettings.cpuWeight(512) + "", read(pod, "cpu", "cpu.weight"));
            assertEquals("50000 100000", read(pod, "cpu", "cpu.max"));
        } else {
            assertEquals("268435456", read(pod, "memory", "memory.limit_in_bytes"));
            assertEquals("512", read(pod, "cpu", "cpu.shares"));
            assertEquals("50000", read(pod, "cpu", "cpu.cfs_quota_us"));
            assertEquals("100000", read(pod, "cpu", "cpu.cfs_period_us"));
        }
        assertEquals("64", read(pod, "pids", "pids.max"));
        assertEquals("0", read(pod, "cpuset", "cpuset.cpus"));

        // a container cgroup below the pod, as runc would make it
        Cgroup container = Cgroup.onHost(podPath + "/ctr1");
        container.create();
        process = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        container.addProcess(process.pid());
        Thread.sleep(300);

        assertEquals(List.of(process.pid()), pod.pids());
        CgroupUsage usage = pod.usage();
        assertTrue(usage.cpuNanos() > 0, "cpu used: " + usage);
        assertTrue(usage.memoryUsageBytes() > 0, "memory used: " + usage);
        assertTrue(usage.memoryWorkingSetBytes() <= usage.memoryUsageBytes());
        assertTrue(container.usage().cpuNanos() > 0);

        pod.killAll();
        assertTrue(process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "killed");
        assertEquals(List.of(), pod.pids());

        pod.remove();
        pod.remove();
        assertFalse(pod.exists());
        assertTrue(Cgroup.onHost(parent + "/burstable").exists(), "ancestors stay");
    }

    /** The cgroup2 tree (the hybrid host's unified mount when /sys/fs/cgroup is not v2): made, killed, removed. */
    @Test
    void theCgroup2TreeKillsAndRemoves() throws Exception {
        CgroupLayout host = CgroupLayout.detect();
        CgroupLayout tree = CgroupLayout.v2(host.unifiedMount().orElseThrow());
        Cgroup top = new Cgroup(tree, CgroupFiles.onHost(), Signals.onHost(), parent);
        Cgroup ctr = new Cgroup(tree, CgroupFiles.onHost(), Signals.onHost(), podPath + "/ctr1");
        try {
            ctr.create();
            process = new ProcessBuilder("sleep", "30").start();
            ctr.addProcess(process.pid());
            assertEquals(List.of(process.pid()), top.pids());
            top.killAll();
            assertTrue(process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "killed");
            top.remove();
            assertFalse(top.exists());
        } finally {
            top.killAll();
            top.remove();
        }
    }

    private static String read(Cgroup cgroup, String controller, String file) throws IOException {
        return Files.readString(cgroup.directory(controller).orElseThrow().resolve(file)).strip();
    }
}
