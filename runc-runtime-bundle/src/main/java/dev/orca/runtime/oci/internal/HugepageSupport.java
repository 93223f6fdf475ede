package dev.orca.runtime.oci.internal;

import dev.orca.isolation.cgroups.CgroupLayout;
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.oci.OciLinux;
import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hugepage limits where the node supports them: the runtime fails a container whose hugepage limit it cannot set
 * (a hybrid node whose hugetlb controller sits on cgroup2, where no v1 hierarchy mounts it). There the limits are
 * left out, and the log says so, rather than every such pod failing.
 */
final class HugepageSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HugepageSupport.class);

    private final boolean supported;

    HugepageSupport(boolean supported) {
        this.supported = supported;
    }

    static HugepageSupport ofThisNode() {
        try {
            CgroupLayout layout = CgroupLayout.detect();
            boolean supported = layout.isUnified()
                    ? Files.readString(CgroupLayout.ROOT.resolve("cgroup.controllers")).contains("hugetlb")
                    : layout.hierarchy("hugetlb").isPresent();
            return new HugepageSupport(supported);
        } catch (IOException e) {
            return new HugepageSupport(false);
        }
    }

    ContainerRequest apply(ContainerRequest request) {
        OciSpec spec = request.spec();
        OciLinux linux = spec.linux();
        if (supported || linux == null || linux.resources() == null || linux.resources().hugepageLimits() == null) {
            return request;
        }
        LOG.warn("container {}: hugepage limits left out: this node mounts no hugetlb cgroup hierarchy where {}"
                + " can set them", request.id(), Path.of("/sys/fs/cgroup"));
        OciResources r = linux.resources();
        OciResources without = new OciResources(r.memory(), r.cpu(), r.pids(), null, r.devices(), r.unified());
        OciLinux changed = new OciLinux(linux.namespaces(), without, linux.cgroupsPath(), linux.sysctl(),
                linux.devices(), linux.seccomp(), linux.maskedPaths(), linux.readonlyPaths(), linux.rootfsPropagation());
        return new ContainerRequest(request.id(), request.sandboxId(), new OciSpec(spec.ociVersion(), spec.process(),
                spec.root(), spec.hostname(), spec.mounts(), changed, spec.annotations()), request.logPath(),
                request.stdin(), request.stdinOnce(), request.tty());
    }
}
