package dev.orca.core.internal.cri;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.RecordedMount;
import dev.orca.cri.v1.Container;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.ContainerStatus;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.spi.ContainerState;
import java.util.List;

/** A recorded container and its state in the CRI's messages: its status, its line in a listing, its phase. */
final class ContainerMessages {

    private ContainerMessages() {
    }

    /** A container's status as ContainerStatus and container events give it. */
    static ContainerStatus status(ContainerRecord container, ContainerState s) {
        ContainerStatus.Builder status = ContainerStatus.newBuilder()
                .setId(container.id())
                .setMetadata(ContainerMetadata.newBuilder().setName(container.name()).setAttempt(container.attempt()))
                .setState(phase(s.phase()))
                .setCreatedAt(PodCalls.nanos(container.createdAt()))
                .setStartedAt(PodCalls.nanos(s.startedAt()))
                .setFinishedAt(PodCalls.nanos(s.finishedAt()))
                .setExitCode(s.exitCode() < 0 ? 0 : s.exitCode())
                .setImage(ImageSpec.newBuilder().setImage(container.image()))
                .setImageRef(container.imageRef())
                .setImageId(container.imageId())
                .setReason(s.reason() == null ? "" : s.reason())
                .setMessage(s.message() == null ? "" : s.message())
                .putAllLabels(container.labels())
                .putAllAnnotations(container.annotations())
                .setLogPath(container.logPath() == null ? "" : container.logPath().toString());
        container.mounts().forEach(m -> status.addMounts(mountMessage(m)));
        if (container.user() != null) {
            status.setUser(dev.orca.cri.v1.ContainerUser.newBuilder().setLinux(dev.orca.cri.v1.LinuxContainerUser
                    .newBuilder().setUid(container.user().uid()).setGid(container.user().gid())
                    .addAllSupplementalGroups(container.user().additionalGids() == null ? List.of()
                            : container.user().additionalGids())));
        }
        return status.build();
    }

    /** A recorded mount as the CRI shows it in status. */
    private static dev.orca.cri.v1.Mount mountMessage(RecordedMount mount) {
        return dev.orca.cri.v1.Mount.newBuilder().setContainerPath(mount.containerPath())
                .setHostPath(mount.hostPath()).setReadonly(mount.readonly())
                .setSelinuxRelabel(mount.selinuxRelabel()).setPropagation(switch (mount.propagation()) {
                    case "HOST_TO_CONTAINER" -> dev.orca.cri.v1.MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
                    case "BIDIRECTIONAL" -> dev.orca.cri.v1.MountPropagation.PROPAGATION_BIDIRECTIONAL;
                    default -> dev.orca.cri.v1.MountPropagation.PROPAGATION_PRIVATE;
                }).build();
    }

    /** A container's line in ListContainers. */
    static Container listed(ContainerRecord c, ContainerState s) {
        return Container.newBuilder().setId(c.id()).setPodSandboxId(c.podId())
                .setMetadata(ContainerMetadata.newBuilder().setName(c.name()).setAttempt(c.attempt()))
                .setImage(ImageSpec.newBuilder().setImage(c.image())).setImageRef(c.imageRef())
                .setImageId(c.imageId()).setState(phase(s.phase()))
                .setCreatedAt(PodCalls.nanos(c.createdAt())).putAllLabels(c.labels())
                .putAllAnnotations(c.annotations()).build();
    }

    static dev.orca.cri.v1.ContainerState phase(ContainerState.Phase phase) {
        return switch (phase) {
            case CREATED -> dev.orca.cri.v1.ContainerState.CONTAINER_CREATED;
            case RUNNING -> dev.orca.cri.v1.ContainerState.CONTAINER_RUNNING;
            case EXITED -> dev.orca.cri.v1.ContainerState.CONTAINER_EXITED;
            case UNKNOWN -> dev.orca.cri.v1.ContainerState.CONTAINER_UNKNOWN;
        };
    }
}
