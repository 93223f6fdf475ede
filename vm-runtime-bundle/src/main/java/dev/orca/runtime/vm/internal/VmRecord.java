package dev.orca.runtime.vm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the handler keeps of a pod's VM on disk, so that a restarted Orca finds it again.
 *
 * @param pid QEMU's pid, with {@code pidStart} (clock ticks after boot) against pid reuse
 * @param epoch incremented at each connection to the agent: exec channels are {@code epoch << 20 | n}, unique
 *     across Orca restarts
 * @param bootMillis from QEMU's start to the agent's READY, -1 until then
 */
record VmRecord(SandboxInfo info, String pod, boolean podPid, long pid, long pidStart, String accelerator,
        int memoryMib, int vcpus, String mac, long launchedAtMillis, long bootMillis, String guestKernel,
        boolean networked, int epoch) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static VmRecord read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), VmRecord.class);
    }

    void write(Path file) throws IOException {
        StateFiles.replaceUnflushed(file, JSON.writeValueAsBytes(this));
    }

    VmRecord booted(long bootMillis, String guestKernel) {
        return new VmRecord(info, pod, podPid, pid, pidStart, accelerator, memoryMib, vcpus, mac, launchedAtMillis,
                bootMillis, guestKernel, networked, epoch);
    }

    VmRecord withNetwork() {
        return new VmRecord(info, pod, podPid, pid, pidStart, accelerator, memoryMib, vcpus, mac, launchedAtMillis,
                bootMillis, guestKernel, true, epoch);
    }

    VmRecord nextEpoch() {
        return new VmRecord(info, pod, podPid, pid, pidStart, accelerator, memoryMib, vcpus, mac, launchedAtMillis,
                bootMillis, guestKernel, networked, epoch + 1);
    }
}
