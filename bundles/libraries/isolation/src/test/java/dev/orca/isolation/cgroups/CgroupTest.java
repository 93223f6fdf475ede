package dev.orca.isolation.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciResources.OciMemory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupTest {

    private static final Path CPUSET = Path.of("/cg/cpuset");
    private static final Path MEMORY = Path.of("/cg/memory");
    private static final CgroupLayout V1 = CgroupLayout.v1(
            Map.of("cpuset", CPUSET, "memory", MEMORY, "cpu", Path.of("/cg/cpu,cpuacct"),
                    "cpuacct", Path.of("/cg/cpu,cpuacct")), null);
    private static final CgroupLayout V2 = CgroupLayout.v2(Path.of("/cg2"));

    @Test
    void v1CreateMakesEachHierarchyOnceAndCopiesCpusetFromTheParent() throws Exception {
        FakeCgroupFiles files = v1Files();
        Cgroup pod = new Cgroup(V1, files, pid -> { }, "/kubepods/pod1");
        pod.create();

        assertEquals("0-3", files.read(CPUSET.resolve("kubepods/pod1/cpuset.cpus")));
        assertEquals("0", files.read(CPUSET.resolve("kubepods/pod1/cpuset.mems")));
        assertEquals(3, pod.directories().size(), "cpu and cpuacct share a hierarchy");
        assertTrue(files.dirs.contains(Path.of("/cg/cpu,cpuacct/kubepods/pod1")));
    }

    @Test
    void v2CreateHandsControllersDownToEveryLevel() throws Exception {
        FakeCgroupFiles files = new FakeCgroupFiles(List.of("cgroup.controllers", "cgroup.subtree_control",
                "cgroup.procs"));
        files.createDirectory(V2.unifiedMount().orElseThrow());
        files.files.put(Path.of("/cg2/cgroup.controllers"), "cpuset cpu io memory pids rdma");
        files.files.put(Path.of("/cg2/cgroup.subtree_control"), "cpu");
        new Cgroup(V2, files, pid -> { }, "/kubepods/pod1").create();

        assertEquals(List.of("/cg2/cgroup.subtree_control=+cpuset +io +memory +pids"), files.writes,
                "the new middle level lists no controllers in the fake, so nothing more is asked of it");
        assertTrue(files.dirs.contains(Path.of("/cg2/kubepods/pod1")));
    }

    @Test
    void applyRetriesAWriteTheKernelRefusedFirst() throws Exception {
        List<String> order = new ArrayList<>();
        FakeCgroupFiles files = new FakeCgroupFiles(List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes",
                "cgroup.procs")) {
            @Override
            public void write(Path file, String value) throws java.io.IOException {
                // the kernel refuses a memory limit above the memory+swap limit until that is raised
                if (file.endsWith("memory.limit_in_bytes") && this.files.get(file.resolveSibling(
                        "memory.memsw.limit_in_bytes")).isEmpty()) {
                    throw new java.io.IOException("writing to " + file + ": Invalid argument");
                }
                order.add(file.getFileName() + "=" + value);
                super.write(file, value);
            }
        };
        Cgroup pod = new Cgroup(CgroupLayout.v1(Map.of("memory", MEMORY), null), files, pid -> { }, "/p");
        pod.create();
        pod.apply(new OciResources(new OciMemory(100L, null, 200L), null, null, null, null, null));
        assertEquals(List.of("memory.memsw.limit_in_bytes=200", "memory.limit_in_bytes=100"), order);
    }

    @Test
    void removeGoesDeepestFirstAndWaitsWhileBusy() throws Exception {
        FakeCgroupFiles files = v1Files();
        new Cgroup(V1, files, pid -> { }, "/kubepods/pod1/ctr").create();
        files.busyRemovals = 3;
        Cgroup pod = new Cgroup(V1, files, pid -> { }, "/kubepods/pod1");
        pod.remove();
        pod.remove();
        assertFalse(pod.exists());
        assertTrue(new Cgroup(V1, files, pid -> { }, "/kubepods").exists());
    }

    @Test
    void killAllSignalsEveryPidBelowTheCgroupFrozen() throws Exception {
        FakeCgroupFiles files = v1Files();
        Cgroup ctr = new Cgroup(V1, files, pid -> { }, "/kubepods/pod1/ctr");
        ctr.create();
        files.files.put(MEMORY.resolve("kubepods/pod1/ctr/cgroup.procs"), "41\n42\n");
        List<Long> killed = new ArrayList<>();
        Cgroup pod = new Cgroup(V1, files, pid -> {
            killed.add(pid);
            files.files.put(MEMORY.resolve("kubepods/pod1/ctr/cgroup.procs"), "");
        }, "/kubepods/pod1");
        pod.killAll();
        assertEquals(List.of(41L, 42L), killed);
    }

    @Test
    void rejectsPathsThatLeaveTheHierarchy() {
        for (String path : List.of("kubepods", "/", "/a/../b", "/a//b", "/a/")) {
            assertThrows(IllegalArgumentException.class, () -> new Cgroup(V1, v1Files(), pid -> { }, path), path);
        }
    }

    private static FakeCgroupFiles v1Files() {
        FakeCgroupFiles files = new FakeCgroupFiles(List.of("cpuset.cpus", "cpuset.mems", "cgroup.procs"));
        for (Path root : V1.hierarchies()) {
            files.createDirectory(root);
        }
        files.files.put(CPUSET.resolve("cpuset.cpus"), "0-3\n");
        files.files.put(CPUSET.resolve("cpuset.mems"), "0\n");
        return files;
    }
}
