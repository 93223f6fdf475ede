package dev.orca.isolation.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CgroupLayoutTest {

    private static final String HYBRID = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    @Test
    void hybridIsV1WithTheUnifiedMountBeside() throws Exception {
        CgroupLayout layout = CgroupLayout.detect(HYBRID);
        assertFalse(layout.isUnified());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/cpu,cpuacct")), layout.hierarchy("cpuacct"));
        assertEquals(Optional.empty(), layout.hierarchy("pids"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), layout.unifiedMount());
        assertEquals(5, layout.hierarchies().size(), "cpu,cpuacct once; systemd's named hierarchy too, where runc"
                + " makes container cgroups");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/systemd")), layout.hierarchy("name=systemd"));
    }

    @Test
    void cgroup2OnTheRootIsV2() throws Exception {
        CgroupLayout layout = CgroupLayout.detect(
                "30 23 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");
        assertTrue(layout.isUnified());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup")), layout.hierarchy("memory"));
    }

    @Test
    void thisHostHasALayout() throws Exception {
        CgroupLayout layout = CgroupLayout.detect();
        assertTrue(layout.isUnified() || layout.hierarchy("memory").isPresent(), layout.toString());
    }
}
