package dev.orca.runtime.vm.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.INVALID;

import dev.orca.spi.PodResources;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxRequest;
import java.util.Map;

/**
 * The memory and vCPUs of a pod's VM. Memory: the pod's memory limit (the kubelet's sum of its containers' limits)
 * plus the RuntimeClass overhead, or the configured default when the pod has no limit; plus the handler's own
 * overhead; a pod whose containers ask more than the cap is refused. vCPUs: the pod's CPU quota over its period,
 * rounded up, or the default; at most the cap. The annotations ({@link VmKeys#POD_MEMORY_MIB}, {@link VmKeys#POD_VCPUS})
 * override both where a pod sets them.
 *
 * @param memoryMib what QEMU's {@code -m} gets
 * @param asked where the size came from, for the log and the shell
 */
record VmSize(int memoryMib, int vcpus, String asked) {

    private static final long MIB = 1 << 20;

    static VmSize of(VmSettings settings, SandboxRequest pod) throws RuntimeHandlerException {
        Map<String, String> annotations = pod.annotations() == null ? Map.of() : pod.annotations();
        String who = "pod \"" + pod.namespace() + "/" + pod.name() + "\"";
        PodResources resources = pod.resources();
        long limitMib = (PodResources.memoryBytes(resources.limits()) + MIB - 1) / MIB;
        long overheadMib = (PodResources.memoryBytes(resources.overhead()) + MIB - 1) / MIB;
        int annotatedMemory = number(annotations, VmKeys.POD_MEMORY_MIB, 0, who);
        long memory;
        String asked;
        if (annotatedMemory > 0) {
            memory = annotatedMemory;
            asked = "annotation " + VmKeys.POD_MEMORY_MIB;
        } else if (limitMib > 0) {
            memory = limitMib;
            asked = "limits";
        } else {
            memory = settings.memoryMib();
            asked = "default";
        }
        if (memory > settings.memoryMaxMib()) {
            throw new RuntimeHandlerException(INVALID, who + " asks for " + memory + " MiB of memory, more than the "
                    + settings.memoryMaxMib() + " MiB cap (" + VmKeys.MEMORY_MAX_MIB + ") of runtime handler \""
                    + settings.name() + "\"");
        }
        int annotatedVcpus = number(annotations, VmKeys.POD_VCPUS, 0, who);
        if (annotatedVcpus > settings.vcpusMax()) {
            throw new RuntimeHandlerException(INVALID, who + " asks for " + annotatedVcpus + " vCPUs, more than the "
                    + settings.vcpusMax() + " vCPU cap (" + VmKeys.VCPUS_MAX + ") of runtime handler \""
                    + settings.name() + "\"");
        }
        int cpus = PodResources.cpus(resources.limits());
        // a CPU limit above the cap still runs, only with no more CPUs than the cap
        int vcpus = annotatedVcpus > 0 ? annotatedVcpus : cpus > 0 ? Math.min(cpus, settings.vcpusMax())
                : settings.vcpus();
        long total = memory + (annotatedMemory > 0 ? 0 : overheadMib) + settings.memoryOverheadMib();
        return new VmSize((int) total, vcpus, asked);
    }

    private static int number(Map<String, String> annotations, String key, int otherwise, String who)
            throws RuntimeHandlerException {
        String value = annotations.get(key);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new RuntimeHandlerException(INVALID, who + ": annotation " + key + " \"" + value
                    + "\" is not a positive whole number");
        }
    }
}
