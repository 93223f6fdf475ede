package dev.orca.cri.client;

import dev.orca.cri.v1.ContainerStatusRequest;
import dev.orca.cri.v1.ImageFsInfoRequest;
import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.ImageStatusRequest;
import dev.orca.cri.v1.LinuxPodSandboxConfig;
import dev.orca.cri.v1.LinuxSandboxSecurityContext;
import dev.orca.cri.v1.ListContainerStatsRequest;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.ListImagesRequest;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.cri.v1.VersionRequest;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The calls {@code orca class-archive}'s training node answers before it stops, so that the class archive holds what
 * a node's first calls load (gRPC's and HTTP/2's server paths, the CRI messages, the pod calls), not only what its
 * start loads, and a JDK 25 cache has their profiles: the lookups the kubelet makes every second, and one pod's life
 * on the node's default handler, with the host's network (no CNI network is needed) and removed at the end. A call
 * the node cannot answer (no runtime installed, say) is noted and the rest go on.
 *
 * <p>It runs as a client process of its own ({@link #main}), as the kubelet does, so that the archive holds the
 * server's side of the calls and not the client's.
 */
public final class ArchiveTraining {

    private static final int LOOKUP_ROUNDS = 20;
    /** gRPC's client asks every channel for SO_KEEPALIVE, which a unix socket lacks; Netty's warning means nothing. */
    private static final java.util.logging.Logger BOOTSTRAP_LOG =
            java.util.logging.Logger.getLogger("io.netty.bootstrap.Bootstrap");
    private static final long DEADLINE_SECONDS = 30;

    private ArchiveTraining() {
    }

    /** Makes the calls against the CRI socket {@code args[0]}; prints what failed, one line each (nothing: none). */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ArchiveTraining CRI-SOCKET");
            System.exit(2);
        }
        BOOTSTRAP_LOG.setLevel(java.util.logging.Level.SEVERE);
        run(Path.of(args[0])).forEach(System.out::println);
    }

    /** Makes the calls against the CRI socket {@code socket}; returns what failed, one line each (empty: none). */
    static List<String> run(Path socket) {
        List<String> failures = new ArrayList<>();
        try (UnixSocketChannel channel = new UnixSocketChannel(socket)) {
            RuntimeServiceBlockingStub runtime = RuntimeServiceGrpc.newBlockingStub(channel.channel());
            ImageServiceBlockingStub images = ImageServiceGrpc.newBlockingStub(channel.channel());
            for (int i = 0; i < LOOKUP_ROUNDS; i++) {
                lookups(runtime, images, failures);
            }
            pod(runtime, failures);
        }
        return failures;
    }

    private static void lookups(RuntimeServiceBlockingStub runtime, ImageServiceBlockingStub images,
            List<String> failures) {
        call("Version", failures, () -> deadline(runtime).version(VersionRequest.getDefaultInstance()));
        call("Status", failures, () -> deadline(runtime).status(StatusRequest.newBuilder().setVerbose(true).build()));
        call("ListPodSandbox", failures,
                () -> deadline(runtime).listPodSandbox(ListPodSandboxRequest.getDefaultInstance()));
        call("ListContainers", failures,
                () -> deadline(runtime).listContainers(ListContainersRequest.getDefaultInstance()));
        call("ListContainerStats", failures,
                () -> deadline(runtime).listContainerStats(ListContainerStatsRequest.getDefaultInstance()));
        call("ListImages", failures, () -> deadline(images).listImages(ListImagesRequest.getDefaultInstance()));
        call("ImageFsInfo", failures, () -> deadline(images).imageFsInfo(ImageFsInfoRequest.getDefaultInstance()));
        // Not found, as the kubelet asks before a pull: an answer without an image.
        call("ImageStatus", failures, () -> deadline(images).imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage("orca.invalid/archive-training:none")).setVerbose(true)
                .build()));
    }

    private static void pod(RuntimeServiceBlockingStub runtime, List<String> failures) {
        PodSandboxConfig config = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("archive-training").setNamespace("orca")
                        .setUid("archive-training").setAttempt(0))
                .setHostname("archive-training")
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext
                        .newBuilder().setNamespaceOptions(NamespaceOption.newBuilder()
                                .setNetwork(NamespaceMode.NODE))))
                .build();
        Optional<String> made = call("RunPodSandbox", failures, () -> deadline(runtime).runPodSandbox(
                RunPodSandboxRequest.newBuilder().setConfig(config).build()).getPodSandboxId());
        if (made.isEmpty()) {
            return;
        }
        String id = made.get();
        call("PodSandboxStatus", failures, () -> deadline(runtime).podSandboxStatus(PodSandboxStatusRequest
                .newBuilder().setPodSandboxId(id).setVerbose(true).build()));
        call("ListPodSandbox", failures,
                () -> deadline(runtime).listPodSandbox(ListPodSandboxRequest.getDefaultInstance()));
        // A container the node does not have: the NOT_FOUND answer the kubelet gets after a removal.
        try {
            deadline(runtime).containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build());
        } catch (StatusRuntimeException expected) {
            // NOT_FOUND
        }
        call("StopPodSandbox", failures,
                () -> deadline(runtime).stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build()));
        call("RemovePodSandbox", failures, () -> deadline(runtime).removePodSandbox(RemovePodSandboxRequest
                .newBuilder().setPodSandboxId(id).build()));
    }

    private static <S extends io.grpc.stub.AbstractStub<S>> S deadline(S stub) {
        return stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** The call's answer, or empty when it failed (noted in {@code failures}). */
    private static <T> Optional<T> call(String name, List<String> failures, Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (StatusRuntimeException e) {
            failures.add(name + ": " + e.getStatus());
            return Optional.empty();
        }
    }
}
