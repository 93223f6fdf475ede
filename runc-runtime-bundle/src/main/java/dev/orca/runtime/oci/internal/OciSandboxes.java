package dev.orca.runtime.oci.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.NOT_FOUND;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.os.FileTrees;
import dev.orca.os.Mounts;
import dev.orca.isolation.cgroups.Cgroup;
import dev.orca.spi.PodResources;
import dev.orca.spi.oci.OciResources;
import dev.orca.isolation.namespaces.NamespaceType;
import dev.orca.isolation.namespaces.PinnedNamespaces;
import dev.orca.isolation.namespaces.PodNamespaces;
import dev.orca.isolation.network.PodInterfaces;
import dev.orca.isolation.pods.PodFiles;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod sandboxes without a pause container: pinned namespaces (network, IPC, UTS, and PID when the pod shares one),
 * the pod's cgroup, a tmpfs for its {@code /dev/shm}, and its hosts, resolv.conf and hostname files, all under
 * {@code <run root>/sandboxes/<id>/}. A sandbox that cannot be made completely is taken apart again.
 */
final class OciSandboxes {

    private static final Logger LOG = LoggerFactory.getLogger(OciSandboxes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD = "sandbox.json";
    private static final long MS_NOSUID = 2;
    private static final long MS_NODEV = 4;
    private static final long MS_NOEXEC = 8;
    private static final int MNT_DETACH = 2;
    /** Bounds the unmounts of the pod's shm directory. */
    private static final int MAX_STACKED_SHM = 4;

    /** What this handler keeps of a sandbox on disk: what the core was told, and whether it made the cgroup. */
    record Record(SandboxInfo info, boolean ownCgroup) {
    }

    private final Path root;
    /**
     * The records read or written, by sandbox ID: a record never changes once written, and PodSandboxStatus and
     * every listing ask whether the sandbox exists, which would otherwise parse its file each time.
     */
    private final Map<String, Record> records = new ConcurrentHashMap<>();
    private final PodNamespaces namespaces;
    private final Mounts mounts;
    private final PodInterfaces interfaces;

    OciSandboxes(Path runRoot, PodNamespaces namespaces, Mounts mounts, PodInterfaces interfaces) {
        this.root = runRoot.resolve("sandboxes");
        this.namespaces = namespaces;
        this.mounts = mounts;
        this.interfaces = interfaces;
    }

    SandboxInfo run(SandboxRequest pod) throws RuntimeHandlerException {
        Path dir = root.resolve(pod.id());
        boolean ownCgroup = false;
        try {
            Files.createDirectories(dir);
            Set<NamespaceType> types = EnumSet.noneOf(NamespaceType.class);
            if (pod.network() == NamespaceMode.POD) {
                types.add(NamespaceType.NET);
                types.add(NamespaceType.UTS);
            }
            if (pod.ipc() == NamespaceMode.POD) {
                types.add(NamespaceType.IPC);
            }
            if (pod.pid() == NamespaceMode.POD) {
                types.add(NamespaceType.PID);
            }
            PinnedNamespaces pinned = namespaces.pin(dir.resolve("ns"), types, pod.hostname().isEmpty() ? null
                    : pod.hostname());
            Map<String, Path> byOciType = new LinkedHashMap<>();
            pinned.path(NamespaceType.NET).ifPresent(p -> byOciType.put("network", p));
            pinned.path(NamespaceType.IPC).ifPresent(p -> byOciType.put("ipc", p));
            pinned.path(NamespaceType.UTS).ifPresent(p -> byOciType.put("uts", p));
            pinned.path(NamespaceType.PID).ifPresent(p -> byOciType.put("pid", p));
            Path hosts = Files.writeString(dir.resolve("hosts"), PodFiles.hosts(pod));
            Path resolv = Files.writeString(dir.resolve("resolv.conf"),
                    PodFiles.resolvConf(pod, Path.of("/etc/resolv.conf")));
            Path hostname = Files.writeString(dir.resolve("hostname"), (pod.hostname().isEmpty()
                    ? Files.readString(Path.of("/etc/hostname")).strip() : pod.hostname()) + "\n");
            // With the node's IPC namespace, containers share the node's /dev/shm too.
            Path shm = pod.ipc() == NamespaceMode.NODE ? Path.of("/dev/shm") : null;
            if (pod.ipc() == NamespaceMode.POD) {
                shm = Files.createDirectories(dir.resolve("shm"));
                mounts.mount("shm", shm, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
            }
            String cgroupParent = pod.cgroupParent().isEmpty() ? "/orca/pod-" + pod.id() : pod.cgroupParent();
            Cgroup cgroup = Cgroup.onHost(cgroupParent);
            if (!cgroup.exists()) {
                cgroup.create();
                ownCgroup = true;
            }
            SandboxInfo info = new SandboxInfo(pod.id(), byOciType, hosts, resolv, hostname, shm, cgroupParent);
            Record record = new Record(info, ownCgroup);
            StateFiles.replaceUnflushed(dir.resolve(RECORD), JSON.writeValueAsBytes(record));
            records.put(pod.id(), record);
            return info;
        } catch (IOException | RuntimeException e) {
            takeApart(dir, null, ownCgroup ? pod.cgroupParent() : null);
            throw new RuntimeHandlerException(FAILED, "pod \"" + pod.namespace() + "/" + pod.name()
                    + "\": cannot make its sandbox: " + e.getMessage(), e);
        }
    }

    /**
     * Kills what is left in a stopped pod's cgroup (the core stopped its containers already); the namespaces stay
     * pinned until the pod is removed, as the kubelet may still ask about the pod.
     */
    void stop(String id) throws RuntimeHandlerException {
        Record record = read(id);
        if (record == null || !record.ownCgroup()) {
            return;
        }
        try {
            Cgroup.onHost(record.info().cgroupParent()).killAll();
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": cannot kill what is left in its cgroup: "
                    + e.getMessage(), e);
        }
    }

    void remove(String id) throws RuntimeHandlerException {
        Path dir = root.resolve(id);
        if (!Files.exists(dir)) {
            records.remove(id); // lost with the run root
            return;
        }
        Record record = read(id);
        try {
            if (record != null && record.ownCgroup()) {
                Cgroup.onHost(record.info().cgroupParent()).killAll();
            }
        } catch (IOException e) {
            LOG.warn("sandbox {}: could not kill what was left in its cgroup: {}", id, e.getMessage());
        }
        try {
            takeApart(dir, record == null ? null : record.info().shm(),
                    record != null && record.ownCgroup() ? record.info().cgroupParent() : null);
        } finally {
            // read again from its file if the sandbox is still there
            records.remove(id);
        }
    }

    /**
     * Whether the sandbox is still there: its record and every namespace file it pinned. A node reboot empties the
     * run root, and then no namespace of the pod exists any more; the core reports such a pod NOT_READY.
     */
    boolean exists(String id) {
        try {
            Record record = read(id);
            return record != null && record.info().namespaces().values().stream().allMatch(Files::exists);
        } catch (RuntimeHandlerException unreadable) {
            return true; // a record that is there but unreadable says nothing of the namespaces: not ours to judge
        }
    }

    /** The pod cgroup's use, and the counters of the interfaces in its network namespace when it has its own. */
    ResourceUsage usage(String id) throws RuntimeHandlerException {
        Record record = read(id);
        if (record == null) {
            throw new RuntimeHandlerException(NOT_FOUND, "pod sandbox " + id + " is not known to this handler");
        }
        ResourceUsage usage;
        try {
            usage = Cgroup.onHost(record.info().cgroupParent()).usage().toResourceUsage(Instant.now());
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": cannot read its cgroup: "
                    + e.getMessage(), e);
        }
        Path netns = record.info().namespaces().get("network");
        if (netns == null) {
            return usage;
        }
        try {
            return usage.withNetwork(interfaces.read(netns));
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": cannot read its interfaces: "
                    + e.getMessage(), e);
        }
    }

    /** Writes the pod's new limits (the containers' plus the overhead) to its pod cgroup. */
    void updateResources(String id, PodResources resources) throws RuntimeHandlerException {
        Record record = read(id);
        if (record == null) {
            throw new RuntimeHandlerException(NOT_FOUND, "pod sandbox " + id + " is not known to this handler");
        }
        OciResources total = resources.total();
        if (total == null) {
            return;
        }
        try {
            Cgroup.onHost(record.info().cgroupParent()).apply(total);
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": cannot change its cgroup: "
                    + e.getMessage(), e);
        }
    }

    /** The pod's pinned network namespace; empty when the pod uses the node's network. */
    java.util.Optional<Path> networkNamespace(String id) throws RuntimeHandlerException {
        Record record = read(id);
        if (record == null) {
            throw new RuntimeHandlerException(NOT_FOUND, "pod sandbox " + id + " is not known to this handler");
        }
        return java.util.Optional.ofNullable(record.info().namespaces().get("network"));
    }

    private Record read(String id) throws RuntimeHandlerException {
        Record known = records.get(id);
        if (known != null) {
            return known;
        }
        Path file = root.resolve(id).resolve(RECORD);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Record record = JSON.readValue(file.toFile(), Record.class);
            records.put(id, record);
            return record;
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": its record " + file
                    + " is unreadable: " + e.getMessage(), e);
        }
    }

    private void takeApart(Path dir, Path shm, String cgroupPath) throws RuntimeHandlerException {
        try {
            namespaces.unpin(dir.resolve("ns"));
            Path shmDir = shm != null && shm.startsWith(dir) ? shm : dir.resolve("shm");
            mounts.unmountAll(shmDir, MNT_DETACH, MAX_STACKED_SHM);
            if (cgroupPath != null) {
                Cgroup.onHost(cgroupPath).remove();
            }
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "cannot remove sandbox " + dir.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }
}
