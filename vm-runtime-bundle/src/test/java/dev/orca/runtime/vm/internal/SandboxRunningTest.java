package dev.orca.runtime.vm.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.SandboxInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A VM pod runs while its QEMU does (found from its record, as after a restart); the core then says NOT_READY. */
class SandboxRunningTest {

    @TempDir
    Path dir;

    private VmPods pods() {
        VmSettings settings = new VmSettings("vm", Path.of("/usr/bin/qemu-system-x86_64"), dir.resolve("vmlinux"),
                dir.resolve("initramfs.img"), "", "pc", null, Accelerator.TCG, 1, 2, 256, 1024, 64,
                Duration.ofSeconds(30), dir.resolve("run")).validated();
        return new VmPods(settings, null, null, null, () -> Accelerator.TCG, (id, agent) -> { });
    }

    private void record(String id, long pid) throws Exception {
        PodDirectory pod = PodDirectory.of(dir.resolve("run"), id);
        Files.createDirectories(pod.dir());
        new VmRecord(new SandboxInfo(id, Map.of(), null, null, null, null, ""), "e2e/pod", false, pid, 0, "tcg", 320,
                1, "52:54:00:00:00:01", 0, 1000, "6.1.0", true, 1).write(pod.record());
    }

    @Test
    void aPodRunsWhileItsQemuRunsAndNotOnceItEnded() throws Exception {
        record("a".repeat(64), ProcessHandle.current().pid());
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        record("b".repeat(64), ended.pid());
        VmPods pods = pods();

        assertTrue(pods.running("a".repeat(64)));
        assertFalse(pods.running("b".repeat(64)));
        assertFalse(pods.running("c".repeat(64)), "a pod the handler does not know does not run");
    }
}
