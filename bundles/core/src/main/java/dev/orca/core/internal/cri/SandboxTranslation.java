package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.SandboxRequest;
import java.util.ArrayList;
import java.util.List;

/** RunPodSandbox's config, checked, as the handler's {@link SandboxRequest}. */
final class SandboxTranslation {

    private SandboxTranslation() {
    }

    static SandboxRequest toRequest(String id, PodSandboxConfig config) {
        var metadata = config.getMetadata();
        if (metadata.getName().isBlank() || metadata.getNamespace().isBlank() || metadata.getUid().isBlank()) {
            throw invalid("RunPodSandbox: the pod's metadata needs a name, a namespace and a uid");
        }
        if (!config.getLogDirectory().isEmpty() && !config.getLogDirectory().startsWith("/")) {
            throw invalid("pod \"" + metadata.getName() + "\": log directory '" + config.getLogDirectory()
                    + "' is not absolute");
        }
        if (config.getLogDirectory().indexOf('\0') >= 0 || config.getLinux().getCgroupParent().indexOf('\0') >= 0) {
            throw invalid("pod \"" + metadata.getName() + "\": its log directory or cgroup parent contains a NUL"
                    + " character");
        }
        String cgroupParent = config.getLinux().getCgroupParent();
        if (!cgroupParent.isEmpty() && (!cgroupParent.startsWith("/")
                || List.of(cgroupParent.split("/")).stream().anyMatch(p -> p.equals("..") || p.equals(".")))) {
            throw invalid("pod \"" + metadata.getName() + "\": cgroup parent '" + cgroupParent
                    + "' is not an absolute cgroup path (cgroupfs)");
        }
        NamespaceOption namespaces = config.getLinux().getSecurityContext().getNamespaceOptions();
        NamespaceMode network = mode(namespaces.getNetwork(), "network");
        NamespaceMode pid = mode(namespaces.getPid(), "pid");
        NamespaceMode ipc = mode(namespaces.getIpc(), "ipc");
        Sysctls.validate(config.getLinux().getSysctlsMap(), network == NamespaceMode.NODE, ipc == NamespaceMode.NODE);
        String hostname = config.getHostname();
        if (!hostname.isEmpty() && !hostname.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
            throw invalid("pod \"" + metadata.getName() + "\": hostname '" + hostname + "' is not a valid host name");
        }
        List<String> aliases = new ArrayList<>();
        List<dev.orca.spi.PodNetworkRequest.PortMapping> ports = new ArrayList<>();
        for (var mapping : config.getPortMappingsList()) {
            if (mapping.getContainerPort() <= 0 || mapping.getContainerPort() > 65535 || mapping.getHostPort() < 0
                    || mapping.getHostPort() > 65535) {
                throw invalid("pod \"" + metadata.getName() + "\": port mapping " + mapping.getHostPort() + " -> "
                        + mapping.getContainerPort() + " is outside 1-65535");
            }
            if (mapping.getProtocol() == dev.orca.cri.v1.Protocol.UNRECOGNIZED) {
                throw invalid("pod \"" + metadata.getName() + "\": port mapping " + mapping.getHostPort() + " -> "
                        + mapping.getContainerPort() + " has protocol " + mapping.getProtocolValue()
                        + ", not TCP, UDP or SCTP");
            }
            if (mapping.getHostPort() > 0) {
                ports.add(new dev.orca.spi.PodNetworkRequest.PortMapping(
                        mapping.getProtocol().name().toLowerCase(java.util.Locale.ROOT), mapping.getContainerPort(),
                        mapping.getHostPort(), mapping.getHostIp()));
            }
        }
        return new SandboxRequest(id, metadata.getName(), metadata.getNamespace(), metadata.getUid(),
                metadata.getAttempt(), hostname, config.getLogDirectory(), config.getDnsConfig().getServersList(),
                config.getDnsConfig().getSearchesList(), config.getDnsConfig().getOptionsList(), network, pid, ipc,
                config.getLinux().getCgroupParent(), config.getLinux().getSysctlsMap(), aliases, ports,
                config.getLabelsMap(), config.getAnnotationsMap(), ResourceTranslation.pod(config.getLinux()));
    }

    private static NamespaceMode mode(dev.orca.cri.v1.NamespaceMode mode, String which) {
        return switch (mode) {
            case POD -> NamespaceMode.POD;
            case CONTAINER -> NamespaceMode.CONTAINER;
            case NODE -> NamespaceMode.NODE;
            default -> throw invalid("namespace mode " + mode + " is not supported for the pod's " + which
                    + " namespace");
        };
    }

    private static CriFailure invalid(String message) {
        return new CriFailure(Kind.INVALID, message);
    }
}
