package dev.orca.core.internal.spec;

import dev.orca.spi.oci.OciLinux;
import dev.orca.spi.oci.OciSpec;
import java.util.List;

/**
 * A handler configured with {@code privileged_without_host_devices} (as CRI-O has it, for runtimes where the host's
 * devices mean nothing, such as VM runtimes): its privileged containers get none of the host's device nodes; the
 * rest of privileged stays.
 */
public final class HandlerDevicePolicy {

    private HandlerDevicePolicy() {
    }

    public static OciSpec apply(OciSpec spec, boolean privileged, boolean withoutHostDevices) {
        if (!privileged || !withoutHostDevices || spec.linux() == null) {
            return spec;
        }
        OciLinux l = spec.linux();
        OciLinux withoutDevices = new OciLinux(l.namespaces(), l.resources(), l.cgroupsPath(), l.sysctl(), List.of(),
                l.seccomp(), l.maskedPaths(), l.readonlyPaths(), l.rootfsPropagation());
        return new OciSpec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(), spec.mounts(),
                withoutDevices, spec.annotations());
    }
}
