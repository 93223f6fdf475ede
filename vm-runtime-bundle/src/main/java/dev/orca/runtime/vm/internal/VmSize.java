package dev.orca.runtime.vm.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.INVALID;

import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxRequest;
import java.util.Map;

/**
 * The memory and vCPUs of a pod's VM: the pod's annotations ({@link VmKeys#POD_MEMORY_MIB}, {@link VmKeys#POD_VCPUS})
 * or the configured defaults, memory plus the overhead; a pod asking more than the caps is refused. RunPodSandbox
 * does not carry the containers' limits, so the annotations are how a pod asks for more.
 */
record VmSize(int memoryMib, int vcpus) {

    static VmSize of(VmSettings settings, SandboxRequest pod) throws RuntimeHandlerException {
        Map<String, String> annotations = pod.annotations() == null ? Map.of() : pod.annotations();
        String who = "pod \"" + pod.namespace() + "/" + pod.name() + "\"";
        int memory = number(annotations, VmKeys.POD_MEMORY_MIB, settings.memoryMib(), who);
        int vcpus = number(annotations, VmKeys.POD_VCPUS, settings.vcpus(), who);
        if (memory > settings.memoryMaxMib()) {
            throw new RuntimeHandlerException(INVALID, who + " asks for " + memory + " MiB of memory, more than the "
                    + settings.memoryMaxMib() + " MiB cap (" + VmKeys.MEMORY_MAX_MIB + ") of runtime handler \""
                    + settings.name() + "\"");
        }
        if (vcpus > settings.vcpusMax()) {
            throw new RuntimeHandlerException(INVALID, who + " asks for " + vcpus + " vCPUs, more than the "
                    + settings.vcpusMax() + " vCPU cap (" + VmKeys.VCPUS_MAX + ") of runtime handler \""
                    + settings.name() + "\"");
        }
        return new VmSize(memory + settings.memoryOverheadMib(), vcpus);
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
