package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import dev.orca.core.internal.spec.ContainerSettings;
import dev.orca.core.internal.spec.ProfileChoice;
import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.LinuxContainerResources;
import dev.orca.cri.v1.LinuxContainerSecurityContext;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.SecurityProfile;
import dev.orca.cri.v1.SupplementalGroupsPolicy;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.RuntimeFeatures;
import dev.orca.spi.security.ProfileKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CreateContainer's config, checked, as the spec generator's {@link ContainerSettings}. */
final class ContainerTranslation {

    private ContainerTranslation() {
    }

    /** @param handler the pod's RuntimeClass handler */
    static ContainerSettings toSettings(ContainerConfig config, Map<String, String> podSysctls, String handler) {
        String name = config.getMetadata().getName();
        if (name.isBlank()) {
            throw new CriFailure(Kind.INVALID, "CreateContainer: the container has no name");
        }
        if (config.getImage().getImage().isBlank()) {
            throw new CriFailure(Kind.INVALID, "container \"" + name + "\": no image");
        }
        LinuxContainerSecurityContext security = config.getLinux().getSecurityContext();
        noNul(name, "working_dir", config.getWorkingDir());
        noNul(name, "log_path", config.getLogPath());
        config.getMountsList().forEach(m -> {
            noNul(name, "mount container_path", m.getContainerPath());
            noNul(name, "mount host_path", m.getHostPath());
        });
        config.getDevicesList().forEach(d -> {
            noNul(name, "device container_path", d.getContainerPath());
            noNul(name, "device host_path", d.getHostPath());
        });
        security.getMaskedPathsList().forEach(p -> noNul(name, "masked_paths", p));
        security.getReadonlyPathsList().forEach(p -> noNul(name, "readonly_paths", p));
        LinuxContainerResources r = config.getLinux().getResources();
        Map<String, Long> hugepages = new LinkedHashMap<>();
        r.getHugepageLimitsList().forEach(h -> hugepages.put(h.getPageSize(), h.getLimit()));
        ContainerSettings.Resources resources = new ContainerSettings.Resources(r.getCpuShares(), r.getCpuQuota(),
                r.getCpuPeriod(), r.getCpusetCpus(), r.getCpusetMems(), r.getMemoryLimitInBytes(), hugepages);
        List<String> env = config.getEnvsList().stream()
                .map(kv -> kv.getKey() + "=" + kv.getValue().toString(StandardCharsets.UTF_8)).toList();
        List<ContainerSettings.Mount> mounts = config.getMountsList().stream()
                .map(m -> new ContainerSettings.Mount(m.getContainerPath(), m.getHostPath(), m.getReadonly(),
                        switch (m.getPropagation()) {
                            case PROPAGATION_HOST_TO_CONTAINER -> ContainerSettings.Propagation.HOST_TO_CONTAINER;
                            case PROPAGATION_BIDIRECTIONAL -> ContainerSettings.Propagation.BIDIRECTIONAL;
                            default -> ContainerSettings.Propagation.PRIVATE;
                        })).toList();
        List<ContainerSettings.Device> devices = config.getDevicesList().stream()
                .map(d -> new ContainerSettings.Device(d.getContainerPath(), d.getHostPath(), d.getPermissions()))
                .toList();
        if (security.hasRunAsGroup() && !security.hasRunAsUser() && security.getRunAsUsername().isEmpty()) {
            throw new CriFailure(Kind.INVALID, "container \"" + name + "\": run_as_group "
                    + security.getRunAsGroup().getValue() + " is set without run_as_user or run_as_username");
        }
        NamespaceMode pid = switch (security.getNamespaceOptions().getPid()) {
            case POD -> NamespaceMode.POD;
            case NODE -> NamespaceMode.NODE;
            case CONTAINER -> NamespaceMode.CONTAINER;
            default -> throw new CriFailure(Kind.INVALID, "container \"" + name
                    + "\": pid namespace mode " + security.getNamespaceOptions().getPid() + " is not supported");
        };
        return new ContainerSettings(name, config.getCommandList(), config.getArgsList(), config.getWorkingDir(), env,
                mounts, devices, security.getPrivileged(), security.getReadonlyRootfs(),
                security.hasRunAsUser() ? security.getRunAsUser().getValue() : null, security.getRunAsUsername(),
                security.hasRunAsGroup() ? security.getRunAsGroup().getValue() : null,
                security.getSupplementalGroupsList(),
                security.getSupplementalGroupsPolicy() == SupplementalGroupsPolicy.Strict,
                security.getCapabilities().getAddCapabilitiesList(),
                security.getCapabilities().getDropCapabilitiesList(), security.getNoNewPrivs(), resources,
                r.getOomScoreAdj() == 0 ? null : (int) r.getOomScoreAdj(), config.getTty(), config.getStdin(), pid,
                podSysctls, config.getAnnotationsMap(), security.getMaskedPathsList(), security.getReadonlyPathsList(),
                handler, seccomp(name, security), apparmor(name, security));
    }

    /**
     * A path with a NUL character is no path the kernel takes (and {@code Path.of} throws on it): refused here, so
     * that it never reaches the spec generator or a handler as an unexpected exception.
     */
    static void noNul(String container, String field, String path) {
        if (path.indexOf('\0') >= 0) {
            throw new CriFailure(Kind.INVALID, "container \"" + container + "\": " + field
                    + " contains a NUL character");
        }
    }

    /** The seccomp profile: the SecurityProfile field, else the deprecated path string ("" is unconfined). */
    static ProfileChoice seccomp(String container, LinuxContainerSecurityContext security) {
        if (security.hasSeccomp()) {
            return choice(security.getSeccomp());
        }
        String path = security.getSeccompProfilePath();
        return switch (path) {
            case "", "unconfined" -> ProfileChoice.UNCONFINED;
            case "runtime/default", "docker/default" -> new ProfileChoice(ProfileKind.RUNTIME_DEFAULT, "");
            default -> {
                if (path.startsWith("localhost/") && path.length() > "localhost/".length()) {
                    yield new ProfileChoice(ProfileKind.LOCALHOST, path.substring("localhost/".length()));
                }
                throw new CriFailure(Kind.INVALID, "container \"" + container + "\": seccomp profile '"
                        + path + "' is not runtime/default, docker/default, unconfined or localhost/<path>");
            }
        };
    }

    /** The AppArmor profile: the SecurityProfile field, else the deprecated name string ("" is unconfined). */
    static ProfileChoice apparmor(String container, LinuxContainerSecurityContext security) {
        if (security.hasApparmor()) {
            return choice(security.getApparmor());
        }
        String name = security.getApparmorProfile();
        return switch (name) {
            case "", "unconfined" -> ProfileChoice.UNCONFINED;
            case "runtime/default" -> new ProfileChoice(ProfileKind.RUNTIME_DEFAULT, "");
            default -> {
                if (name.startsWith("localhost/") && name.length() > "localhost/".length()) {
                    yield new ProfileChoice(ProfileKind.LOCALHOST, name.substring("localhost/".length()));
                }
                throw new CriFailure(Kind.INVALID, "container \"" + container + "\": AppArmor profile '"
                        + name + "' is not runtime/default, unconfined or localhost/<name>");
            }
        };
    }

    private static ProfileChoice choice(SecurityProfile profile) {
        return switch (profile.getProfileType()) {
            case Unconfined -> ProfileChoice.UNCONFINED;
            case Localhost -> new ProfileChoice(ProfileKind.LOCALHOST, profile.getLocalhostRef());
            default -> new ProfileChoice(ProfileKind.RUNTIME_DEFAULT, "");
        };
    }

    /**
     * A container in the pod's own user namespace needs a handler whose runtime can map the root filesystem into it
     * (id-mapped mounts); Orca refuses the request where the handler cannot, rather than run it in the node's.
     */
    static void checkUserNamespace(ContainerConfig config, String handlerName, RuntimeFeatures features) {
        NamespaceOption options = config.getLinux().getSecurityContext().getNamespaceOptions();
        if (!options.hasUsernsOptions()) {
            return;
        }
        String name = config.getMetadata().getName();
        switch (options.getUsernsOptions().getMode()) {
            case NODE -> {
                // the node's user namespace: nothing to do
            }
            case POD -> throw new CriFailure(Kind.FAILED_PRECONDITION, "container \"" + name
                    + "\": a user namespace was asked for, but runtime handler '" + handlerName + "' "
                    + (features.userNamespaces() ? "runs pods in the node's user namespace in Orca so far"
                            : "cannot map a root filesystem into one (its runtime reports no id-mapped mounts)"));
            default -> throw new CriFailure(Kind.INVALID, "container \"" + name
                    + "\": user namespace mode " + options.getUsernsOptions().getMode() + " is not supported");
        }
    }

    /**
     * The container's log file: {@code log_path} under the pod's log directory. A path that leaves the directory
     * ({@code ../../x.log}) is refused: containerd and CRI-O accept it and write outside.
     *
     * @return null when the pod or the container asks for no log
     */
    static Path logPath(String logDirectory, String logPath, String container) {
        if (logDirectory.isEmpty() || logPath.isEmpty()) {
            return null;
        }
        noNul(container, "log_path", logPath);
        noNul(container, "the pod's log_directory", logDirectory);
        Path directory = Path.of(logDirectory).normalize();
        Path file = directory.resolve(logPath).normalize();
        if (Path.of(logPath).isAbsolute() || !file.startsWith(directory) || file.equals(directory)) {
            throw new CriFailure(Kind.INVALID, "container \"" + container + "\": log path '" + logPath
                    + "' leaves the pod's log directory " + logDirectory);
        }
        return file;
    }
}
