package dev.orca.runtime.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.spi.oci.OciLinux;
import dev.orca.spi.oci.OciNamespace;
import dev.orca.spi.oci.OciProcess;
import dev.orca.spi.oci.OciRoot;
import dev.orca.spi.oci.OciSpec;
import dev.orca.spi.oci.OciUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A VM pod that shares its PID namespace (the CRI's default, and critest's) names one to the core, so that its
 * containers' specs can join it; each container joins it or gets its own as its spec says.
 */
class PodPidNamespaceTest {

    private static OciSpec spec(OciNamespace pid) {
        OciProcess process = new OciProcess(false, new OciUser(0, 0, List.of(), null), List.of("true"), List.of(), "/",
                null, List.of(), false, null, null);
        return new OciSpec("1.0.2", process, new OciRoot("/r", false), "pod", List.of(), new OciLinux(
                pid == null ? List.of() : List.of(pid), null, null, Map.of(), List.of(), null, List.of(), List.of(),
                null), Map.of());
    }

    private static String pidNamespace(OciSpec spec, boolean podPid) {
        return CreateFields.create("c", 1, spec, "/run/orca/shared/c-c/rootfs", s -> s, false, podPid, new GuestSeccomp())
                .get("pid_namespace").orElseThrow();
    }

    @Test
    void aContainerJoinsThePodsNamespaceOnlyWhenItsSpecNamesIt() {
        assertEquals("pod", pidNamespace(spec(new OciNamespace("pid", "/run/p/pid-namespace-in-guest")), true));
        assertEquals("container", pidNamespace(spec(new OciNamespace("pid", null)), true));
        assertEquals("container", pidNamespace(spec(null), true), "the node's: the VM's own is all there is");
        assertEquals("container", pidNamespace(spec(new OciNamespace("pid", "/x")), false),
                "a pod without a shared namespace has none to join");
    }
}
