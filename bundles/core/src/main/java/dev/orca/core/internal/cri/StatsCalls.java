package dev.orca.core.internal.cri;

import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.cri.v1.ContainerAttributes;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.ContainerStats;
import dev.orca.cri.v1.ContainerStatsFilter;
import dev.orca.cri.v1.CpuUsage;
import dev.orca.cri.v1.FilesystemIdentifier;
import dev.orca.cri.v1.FilesystemUsage;
import dev.orca.cri.v1.LinuxPodSandboxStats;
import dev.orca.cri.v1.MemoryUsage;
import dev.orca.cri.v1.PodSandboxAttributes;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.PodSandboxStats;
import dev.orca.cri.v1.PodSandboxStatsFilter;
import dev.orca.cri.v1.UInt64Value;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageStore;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.StorageUsage;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** ContainerStats, ListContainerStats, PodSandboxStats and ListPodSandboxStats, from cgroups and writable layers. */
final class StatsCalls {

    private final RuntimeHandlerRegistry handlers;
    private final NodeState state;
    private final Supplier<ImageStore> images;

    StatsCalls(RuntimeHandlerRegistry handlers, NodeState state, Supplier<ImageStore> images) {
        this.handlers = handlers;
        this.state = state;
        this.images = images;
    }

    ContainerStats container(ContainerRecord container) {
        try {
            ResourceUsage usage = RuntimeErrors.deployed(handlers, container.handler()).containerUsage(container.id());
            return stats(container, usage);
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
    }

    /** Stats of every container the filter selects that has stats now; a container that vanished is left out. */
    List<ContainerStats> containers(ContainerStatsFilter filter) {
        return state.containers().stream()
                .filter(c -> filter.getId().isEmpty() || c.id().startsWith(filter.getId()))
                .filter(c -> filter.getPodSandboxId().isEmpty() || c.podId().startsWith(filter.getPodSandboxId()))
                .filter(c -> PodCalls.matches(c.labels(), filter.getLabelSelectorMap()))
                .map(this::quietly).flatMap(Optional::stream).toList();
    }

    private Optional<ContainerStats> quietly(ContainerRecord container) {
        return usage(container).map(usage -> stats(container, usage));
    }

    /** The container's use as its handler reads it now; empty when the handler is away or cannot tell. */
    Optional<ResourceUsage> usage(ContainerRecord container) {
        return quietly(container.handler(), h -> h.containerUsage(container.id()));
    }

    /** The pod's use as its handler reads it now; empty when the handler is away or cannot tell. */
    Optional<ResourceUsage> usage(PodRecord pod) {
        return quietly(pod.handler(), h -> h.sandboxUsage(pod.id()));
    }

    private interface Reading {
        ResourceUsage of(RuntimeHandler handler) throws RuntimeHandlerException;
    }

    private Optional<ResourceUsage> quietly(String handler, Reading reading) {
        return handlers.find(handler).flatMap(h -> {
            try {
                return Optional.of(reading.of(h.handler()));
            } catch (RuntimeHandlerException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /** The container's writable layer, from the image store; empty without one or when it cannot tell. */
    Optional<StorageUsage> writableLayer(String containerId) {
        ImageStore store = images.get();
        if (store == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(store.writableLayerUsage(containerId));
        } catch (ImageException e) {
            return Optional.empty();
        }
    }

    PodSandboxStats pod(PodRecord pod) {
        try {
            ResourceUsage usage = RuntimeErrors.deployed(handlers, pod.handler()).sandboxUsage(pod.id());
            List<ContainerStats> containers = state.containersOf(pod.id()).stream().map(this::quietly)
                    .flatMap(Optional::stream).toList();
            var r = pod.request();
            return PodSandboxStats.newBuilder()
                    .setAttributes(PodSandboxAttributes.newBuilder().setId(pod.id())
                            .setMetadata(PodSandboxMetadata.newBuilder().setName(r.name()).setNamespace(r.namespace())
                                    .setUid(r.uid()).setAttempt(r.attempt()))
                            .putAllLabels(r.labels()).putAllAnnotations(r.annotations()))
                    .setLinux(LinuxPodSandboxStats.newBuilder().setCpu(cpu(usage)).setMemory(memory(usage))
                            .addAllContainers(containers))
                    .build();
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
    }

    List<PodSandboxStats> pods(PodSandboxStatsFilter filter) {
        return state.pods().stream().filter(PodRecord::visible)
                .filter(p -> filter.getId().isEmpty() || p.id().startsWith(filter.getId()))
                .filter(p -> PodCalls.matches(p.request().labels(), filter.getLabelSelectorMap()))
                .filter(p -> handlers.find(p.handler()).isPresent())
                .map(p -> {
                    try {
                        return Optional.of(pod(p));
                    } catch (RuntimeException e) {
                        return Optional.<PodSandboxStats>empty();
                    }
                }).flatMap(Optional::stream).toList();
    }

    private ContainerStats stats(ContainerRecord container, ResourceUsage usage) {
        ContainerStats.Builder stats = ContainerStats.newBuilder()
                .setAttributes(ContainerAttributes.newBuilder().setId(container.id())
                        .setMetadata(ContainerMetadata.newBuilder().setName(container.name())
                                .setAttempt(container.attempt()))
                        .putAllLabels(container.labels()).putAllAnnotations(container.annotations()))
                .setCpu(cpu(usage)).setMemory(memory(usage));
        // stats without the writable layer rather than none
        writableLayer(container.id()).ifPresent(layer -> stats.setWritableLayer(FilesystemUsage.newBuilder()
                .setTimestamp(PodCalls.nanos(usage.timestamp()))
                .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(layer.mountpoint().toString()))
                .setUsedBytes(UInt64Value.newBuilder().setValue(layer.usedBytes()))
                .setInodesUsed(UInt64Value.newBuilder().setValue(layer.inodesUsed()))));
        return stats.build();
    }

    private static CpuUsage cpu(ResourceUsage usage) {
        return CpuUsage.newBuilder().setTimestamp(PodCalls.nanos(usage.timestamp()))
                .setUsageCoreNanoSeconds(UInt64Value.newBuilder().setValue(usage.cpuNanos())).build();
    }

    private static MemoryUsage memory(ResourceUsage usage) {
        return MemoryUsage.newBuilder().setTimestamp(PodCalls.nanos(usage.timestamp()))
                .setWorkingSetBytes(UInt64Value.newBuilder().setValue(usage.memoryWorkingSetBytes()))
                .setUsageBytes(UInt64Value.newBuilder().setValue(usage.memoryUsageBytes())).build();
    }
}
