package dev.orca.core.internal.spec;

import dev.orca.spi.ImageConfig;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.oci.OciCapabilities;
import dev.orca.spi.oci.OciDevice;
import dev.orca.spi.oci.OciLinux;
import dev.orca.spi.oci.OciMount;
import dev.orca.spi.oci.OciNamespace;
import dev.orca.spi.oci.OciProcess;
import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciRoot;
import dev.orca.spi.oci.OciSeccomp;
import dev.orca.spi.oci.OciSpec;
import dev.orca.spi.oci.OciUser;
import dev.orca.spi.security.ProfileSupport;
import dev.orca.spi.security.SecurityProfileProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a container's settings, its image's defaults and its sandbox into the OCI spec its runtime gets: process
 * (command, environment, user, capabilities, AppArmor profile), root, mounts, namespaces joined, cgroup limits,
 * devices, the masked and read-only paths, and the seccomp filter. Profiles come from the deployed
 * {@link ProfileProviders}.
 */
public final class SpecGenerator {

    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Capabilities capabilities;
    private final HostDevices devices;
    private final int oomScoreAdjFloor;
    private final ProfileProviders providers;
    private final SecurityProfiles profiles;

    /**
     * @param oomScoreAdjFloor the lowest oom_score_adj this node may give (the daemon's own, without
     *     CAP_SYS_RESOURCE): lower requests are raised to it, as containerd's restrict_oom_score_adj does
     */
    SpecGenerator(Capabilities capabilities, HostDevices devices, int oomScoreAdjFloor, ProfileProviders providers) {
        this.capabilities = capabilities;
        this.devices = devices;
        this.oomScoreAdjFloor = oomScoreAdjFloor;
        this.providers = providers;
        this.profiles = new SecurityProfiles(providers);
    }

    /**
     * A generator for this host: its capability bounding set, its devices, its oom_score_adj floor, and the profile
     * providers as they are deployed.
     */
    public static SpecGenerator forThisHost(ProfileProviders providers) {
        return new SpecGenerator(Capabilities.ofThisProcess(), HostDevices.LINUX, OomScoreFloor.ofThisProcess(),
                providers);
    }

    /** Whether the deployed provider of a profile type can enforce it here; empty when none is deployed. */
    public Optional<ProfileSupport> profileSupport(String type) {
        return providers.now(type).map(SecurityProfileProvider::support);
    }

    /**
     * The container's capabilities and profiles, settled before anything is made for it: an unknown capability, a
     * profile that cannot be had or a provider that is not deployed refuses the container here.
     *
     * @throws SpecException naming the container and the cause
     */
    public ContainerSecurity security(ContainerSettings settings) throws SpecException {
        try {
            List<String> caps = capabilities.forContainer(settings.privileged(), settings.capabilitiesAdd(),
                    settings.capabilitiesDrop());
            return new ContainerSecurity(caps, profiles.resolve(settings.seccomp(), settings.apparmor(),
                    settings.handler(), settings.privileged(), caps));
        } catch (SpecException e) {
            throw new SpecException("container \"" + settings.name() + "\": " + e.getMessage(), e.blame());
        }
    }

    /**
     * @param security what {@link #security} settled for these settings
     * @param podHostname the hostname the pod asked for ("" for none)
     * @param rootfs the container's mounted root filesystem
     * @param cgroupsPath the container's cgroup (cgroupfs driver path)
     * @throws SpecException naming the container, the setting and why it cannot be honoured
     */
    public OciSpec generate(ContainerSettings settings, ContainerSecurity security, ImageConfig image,
            SandboxInfo sandbox, String podHostname, Path rootfs, String cgroupsPath) throws SpecException {
        try {
            OciProcess process = process(settings, image, rootfs, security.capabilities(),
                    security.profiles().apparmorProfile());
            return new OciSpec(OciSpec.VERSION, process, new OciRoot(rootfs.toString(), settings.readonlyRootfs()),
                    hostname(sandbox, podHostname), mounts(settings, sandbox, rootfs), linux(settings, sandbox, cgroupsPath,
                            security.profiles().seccomp()), settings.annotations().isEmpty() ? null
                            : settings.annotations());
        } catch (SpecException e) {
            throw new SpecException("container \"" + settings.name() + "\": " + e.getMessage(), e.blame());
        }
    }

    /**
     * The pod's hostname where the pod has a UTS namespace of its own: runc and crun join that namespace (which has
     * it already), while gVisor ignores namespace paths and names its sandbox after the spec. Null otherwise.
     */
    static String hostname(SandboxInfo sandbox, String podHostname) {
        return sandbox.namespaces().containsKey("uts") && podHostname != null && !podHostname.isBlank()
                ? podHostname : null;
    }

    private OciProcess process(ContainerSettings s, ImageConfig image, Path rootfs, List<String> caps,
            String apparmorProfile) throws SpecException {
        List<String> args = new ArrayList<>();
        if (!s.command().isEmpty()) {
            args.addAll(s.command());
            args.addAll(s.args());
        } else {
            args.addAll(image.entrypoint());
            args.addAll(s.args().isEmpty() ? image.cmd() : s.args());
        }
        if (args.isEmpty()) {
            throw new SpecException("no command: neither the request nor the image gives one");
        }
        String cwd = !s.workingDir().isEmpty() ? s.workingDir() : image.workingDir().isEmpty() ? "/" : image.workingDir();
        RootfsPaths.resolve(rootfs, cwd, "working directory");
        OciUser user = ImageUsers.of(rootfs).resolve(s.runAsUser(), s.runAsUsername(), s.runAsGroup(),
                s.supplementalGroups(), s.strictSupplementalGroups(), image.user());
        OciCapabilities capabilitySets = new OciCapabilities(caps, caps, List.of(), caps, List.of());
        Integer oom = s.oomScoreAdj() == null ? null : Math.max(s.oomScoreAdj(), oomScoreAdjFloor);
        return new OciProcess(s.tty(), user, args, environment(image.env(), s.env()), cwd, capabilitySets, null,
                s.noNewPrivileges(), oom, apparmorProfile);
    }

    /** The image's environment, then the request's: a later value of a name replaces the earlier one in place. */
    static List<String> environment(List<String> image, List<String> request) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (List<String> source : List.of(image, request)) {
            for (String entry : source) {
                int eq = entry.indexOf('=');
                byName.put(eq < 0 ? entry : entry.substring(0, eq), entry);
            }
        }
        List<String> env = new ArrayList<>(byName.values());
        if (!byName.containsKey("PATH")) {
            env.add(0, DEFAULT_PATH);
        }
        return env;
    }

    private List<OciMount> mounts(ContainerSettings s, SandboxInfo sandbox, Path rootfs) throws SpecException {
        List<OciMount> mounts = new ArrayList<>(DefaultMounts.of(s.privileged(),
                sandbox.shm() == null ? null : sandbox.shm().toString()));
        List<String> requested = new ArrayList<>();
        for (ContainerSettings.Mount m : s.mounts()) {
            RootfsPaths.resolve(rootfs, m.containerPath(), "mount target");
            if (!Files.exists(Path.of(m.hostPath()))) {
                throw new SpecException("mount source '" + m.hostPath() + "' (for " + m.containerPath()
                        + ") does not exist");
            }
            String propagation = switch (m.propagation()) {
                case PRIVATE -> "rprivate";
                case HOST_TO_CONTAINER -> "rslave";
                case BIDIRECTIONAL -> "rshared";
            };
            mounts.removeIf(existing -> existing.destination().equals(m.containerPath()));
            mounts.add(new OciMount(m.containerPath(), "bind", m.hostPath(),
                    List.of("rbind", m.readonly() ? "ro" : "rw", propagation)));
            requested.add(m.containerPath());
        }
        addPodFile(mounts, requested, "/etc/hosts", sandbox.hostsFile());
        addPodFile(mounts, requested, "/etc/resolv.conf", sandbox.resolvConf());
        addPodFile(mounts, requested, "/etc/hostname", sandbox.hostnameFile());
        mounts.sort(Comparator.comparingInt(m -> m.destination().split("/").length));
        return mounts;
    }

    private static void addPodFile(List<OciMount> mounts, List<String> requested, String destination, Path file) {
        if (file != null && !requested.contains(destination)) {
            mounts.add(new OciMount(destination, "bind", file.toString(), List.of("rbind", "rw", "rprivate")));
        }
    }

    private OciLinux linux(ContainerSettings s, SandboxInfo sandbox, String cgroupsPath, OciSeccomp seccomp)
            throws SpecException {
        List<OciNamespace> namespaces = new ArrayList<>();
        namespaces.add(new OciNamespace("mount", null));
        for (String type : List.of("network", "ipc", "uts")) {
            Path pinned = sandbox.namespaces().get(type);
            if (pinned != null) {
                namespaces.add(new OciNamespace(type, pinned.toString()));
            }
        }
        switch (s.pidMode() == null ? NamespaceMode.CONTAINER : s.pidMode()) {
            case POD -> {
                Path pid = sandbox.namespaces().get("pid");
                if (pid == null) {
                    throw new SpecException("asks for the pod's process namespace, but the pod has none of its own");
                }
                namespaces.add(new OciNamespace("pid", pid.toString()));
            }
            case CONTAINER -> namespaces.add(new OciNamespace("pid", null));
            case NODE -> {
                // the node's: no pid namespace entry
            }
        }
        List<OciDevice> linuxDevices = new ArrayList<>();
        List<OciResources.OciDeviceRule> rules = new ArrayList<>();
        if (s.privileged()) {
            linuxDevices.addAll(devices.all());
            rules.add(new OciResources.OciDeviceRule(true, "a", null, null, "rwm"));
        } else {
            rules.add(new OciResources.OciDeviceRule(false, "a", null, null, "rwm"));
            for (ContainerSettings.Device d : s.devices()) {
                OciDevice device = devices.describe(Path.of(d.hostPath()), d.containerPath());
                linuxDevices.add(device);
                rules.add(new OciResources.OciDeviceRule(true, device.type(), device.major(), device.minor(),
                        d.permissions().isEmpty() ? "rwm" : d.permissions()));
            }
        }
        return new OciLinux(namespaces, resources(s.resources(), rules), cgroupsPath,
                s.sysctls().isEmpty() ? null : s.sysctls(), linuxDevices.isEmpty() ? null : linuxDevices, seccomp,
                s.privileged() ? null : orDefault(s.maskedPaths(), DefaultMounts.MASKED_PATHS),
                s.privileged() ? null : orDefault(s.readonlyPaths(), DefaultMounts.READONLY_PATHS),
                rootfsPropagation(s.mounts()));
    }

    /**
     * The propagation of the container's root: a bind mount is only as shared as the mounts above it, so one
     * bidirectional mount makes the root rshared (mounts made inside reach the host), one host-to-container mount
     * rslave; otherwise the runtime's default (rslave for runc and crun).
     */
    static String rootfsPropagation(List<ContainerSettings.Mount> mounts) {
        if (mounts.stream().anyMatch(m -> m.propagation() == ContainerSettings.Propagation.BIDIRECTIONAL)) {
            return "rshared";
        }
        if (mounts.stream().anyMatch(m -> m.propagation() == ContainerSettings.Propagation.HOST_TO_CONTAINER)) {
            return "rslave";
        }
        return null;
    }

    /** The request's paths when it names any (the kubelet sends the defaults, or none for an unmasked /proc). */
    private static List<String> orDefault(List<String> requested, List<String> defaults) {
        return requested.isEmpty() ? defaults : requested;
    }

    private static OciResources resources(ContainerSettings.Resources r, List<OciResources.OciDeviceRule> rules) {
        OciResources.OciMemory memory = r.memoryLimitBytes() > 0
                ? new OciResources.OciMemory(r.memoryLimitBytes(), null, null) : null;
        boolean anyCpu = r.cpuShares() > 0 || r.cpuQuota() != 0 || r.cpuPeriod() > 0 || !r.cpusetCpus().isEmpty()
                || !r.cpusetMems().isEmpty();
        OciResources.OciCpu cpu = anyCpu ? new OciResources.OciCpu(r.cpuShares() > 0 ? r.cpuShares() : null,
                r.cpuQuota() != 0 ? r.cpuQuota() : null, r.cpuPeriod() > 0 ? r.cpuPeriod() : null,
                r.cpusetCpus().isEmpty() ? null : r.cpusetCpus(), r.cpusetMems().isEmpty() ? null : r.cpusetMems())
                : null;
        List<OciResources.OciHugepageLimit> hugepages = r.hugepageLimits().entrySet().stream()
                .map(e -> new OciResources.OciHugepageLimit(e.getKey(), e.getValue())).toList();
        return new OciResources(memory, cpu, null, hugepages.isEmpty() ? null : hugepages, rules, null);
    }
}
