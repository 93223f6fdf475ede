package dev.orca.runtime.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.SandboxInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot watcher (boot time) and the first CreateContainer (network joined) change a VM's record at the same time;
 * neither change may undo the other — a lost {@code networked} made the next container configure the guest's NIC
 * again, by a MAC it no longer had.
 */
class PodVmRecordTest {

    @TempDir
    Path dir;

    @Test
    void concurrentChangesOfTheRecordAreAllKept() throws Exception {
        for (int round = 0; round < 50; round++) {
            PodDirectory pod = new PodDirectory(Files.createDirectories(dir.resolve("p" + round)));
            VmRecord record = new VmRecord(new SandboxInfo("id" + round, Map.of(), null, null, null, null, ""),
                    "e2e/pod", false, 1, 1, "tcg", 320, 1, "52:54:00:00:00:01", 0, -1, "", false, 0);
            record.write(pod.record());
            PodVm vm = new PodVm("id" + round, pod, record, null, c -> { });
            CountDownLatch go = new CountDownLatch(1);
            Thread booted = new Thread(() -> change(vm, go, r -> r.booted(1234, "6.1.0-guest")));
            Thread networked = new Thread(() -> change(vm, go, VmRecord::withNetwork));
            booted.start();
            networked.start();
            go.countDown();
            booted.join();
            networked.join();
            for (VmRecord kept : new VmRecord[] {vm.record(), VmRecord.read(pod.record())}) {
                assertTrue(kept.networked(), "round " + round + ": " + kept);
                assertEquals(1234, kept.bootMillis(), "round " + round + ": " + kept);
            }
        }
    }

    private static void change(PodVm vm, CountDownLatch go, java.util.function.UnaryOperator<VmRecord> change) {
        try {
            go.await();
            vm.update(r -> {
                Thread.yield();
                return change.apply(r);
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
