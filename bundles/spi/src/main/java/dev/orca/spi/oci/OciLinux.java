package dev.orca.spi.oci;

import java.util.List;
import java.util.Map;

/** {@code linux}: namespaces, cgroup, devices, sysctls and confinement. */
public record OciLinux(List<OciNamespace> namespaces, OciResources resources, String cgroupsPath,
        Map<String, String> sysctl, List<OciDevice> devices, OciSeccomp seccomp, List<String> maskedPaths,
        List<String> readonlyPaths, String rootfsPropagation) {
}
