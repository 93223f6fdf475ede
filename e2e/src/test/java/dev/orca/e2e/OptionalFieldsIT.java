package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.Message;
import dev.orca.cri.v1.AttachRequest;
import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.ContainerStatsRequest;
import dev.orca.cri.v1.ContainerStatusRequest;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.cri.v1.CreateContainerResponse;
import dev.orca.cri.v1.ExecRequest;
import dev.orca.cri.v1.ExecSyncRequest;
import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.ImageStatusRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.PodSandboxStatsRequest;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.PortForwardRequest;
import dev.orca.cri.v1.PortMapping;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RemoveImageRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.ReopenContainerLogRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxResponse;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.cri.v1.UpdateContainerResourcesRequest;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CRI call with its optional fields absent, as clients other than the kubelet may send them (crictl's exec
 * without --timeout sends timeout 0): the answer is what the CRI defines, or a clear refusal naming the object and
 * the cause — never INTERNAL, never a Java exception's text. UNIMPLEMENTED is fine for calls Orca does not serve.
 */
class OptionalFieldsIT {

    @TempDir
    static Path dir;
    static BusyboxNode node;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "optional/busybox:1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    /** How one call ended: OK with its answer (the last, for a stream), or the status the daemon answered. */
    private record Reply(String call, Status status, Message answer) {

        /** What is wrong with this reply whatever the request: an internal error, or a Java exception's text. */
        String fault() {
            String description = String.valueOf(status.getDescription());
            if (status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNKNOWN) {
                return call + " answered " + status.getCode() + ": " + description;
            }
            if (description.contains("java.") || description.contains("Exception")) {
                return call + " answered with a Java exception's text: " + status.getCode() + ": " + description;
            }
            if (!status.isOk() && (status.getDescription() == null || status.getDescription().isBlank())) {
                return call + " answered " + status.getCode() + " without saying why";
            }
            return null;
        }

        /** What is wrong with this reply to a valid request: anything but success (or a call not served yet). */
        String faultOfValid() {
            String fault = fault();
            if (fault != null || status.isOk() || status.getCode() == Status.Code.UNIMPLEMENTED) {
                return fault;
            }
            return call + " refused a valid minimal request: " + status.getCode() + ": " + status.getDescription();
        }
    }

    private static final long DEADLINE_SECONDS = 60;

    /** Sends {@code request} as {@code method} (unary or server streaming, the stream read to its end). */
    @SuppressWarnings("unchecked")
    private static Reply send(MethodDescriptor<?, ?> method, Message request) {
        var typed = (MethodDescriptor<Message, Message>) method;
        boolean endless = ENDLESS.contains(method.getBareMethodName());
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(endless ? ENDLESS_SECONDS : DEADLINE_SECONDS,
                TimeUnit.SECONDS);
        try {
            Message answer = null;
            if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
                Iterator<Message> answers = ClientCalls.blockingServerStreamingCall(node.orca.channel().channel(),
                        typed, options, request);
                while (answers.hasNext()) {
                    answer = answers.next();
                }
            } else {
                answer = ClientCalls.blockingUnaryCall(node.orca.channel().channel(), typed, options, request);
            }
            return new Reply(method.getBareMethodName(), Status.OK, answer);
        } catch (StatusRuntimeException e) {
            if (endless && e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                return new Reply(method.getBareMethodName(), Status.OK, null);
            }
            return new Reply(method.getBareMethodName(), e.getStatus(), null);
        }
    }

    private static List<MethodDescriptor<?, ?>> everyCall() {
        return Stream.of(RuntimeServiceGrpc.getServiceDescriptor(), ImageServiceGrpc.getServiceDescriptor())
                .map(ServiceDescriptor::getMethods).flatMap(java.util.Collection::stream)
                .<MethodDescriptor<?, ?>>map(m -> m).toList();
    }

    private static MethodDescriptor<?, ?> method(String bareName) {
        return everyCall().stream().filter(m -> m.getBareMethodName().equals(bareName)).findFirst().orElseThrow();
    }

    private static void assertNoFaults(List<String> faults) {
        assertEquals(List.of(), faults, String.join("\n", faults) + "\n" + node.orca.log());
    }

    /** The calls whose request means something with every field absent: all, the node's, no change. */
    private static final Set<String> VALID_EMPTY = Set.of("Version", "Status", "ListPodSandbox", "ListContainers",
            "ListContainerStats", "ListPodSandboxStats", "UpdateRuntimeConfig", "ListImages", "StreamImages",
            "ImageFsInfo", "StreamPodSandboxes", "StreamContainers", "StreamContainerStats", "StreamPodSandboxStats",
            "ListMetricDescriptors", "ListPodSandboxMetrics", "StreamPodSandboxMetrics", "RuntimeConfig",
            "GetContainerEvents");

    /** Streams that never end by themselves (events): served when still open after this long. */
    private static final Set<String> ENDLESS = Set.of("GetContainerEvents");
    private static final long ENDLESS_SECONDS = 2;

    @Test
    void everyCallWithEveryFieldAbsentIsServedOrRefusedAsInvalid() {
        List<String> faults = new ArrayList<>();
        for (MethodDescriptor<?, ?> method : everyCall()) {
            Message empty = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                    .getMessagePrototype();
            Reply reply = send(method, empty);
            System.out.println(reply.call() + " with every field absent: " + reply.status().getCode() + " "
                    + reply.status().getDescription());
            String fault = VALID_EMPTY.contains(reply.call()) ? reply.faultOfValid() : reply.fault();
            Status.Code code = reply.status().getCode();
            if (fault == null && !VALID_EMPTY.contains(reply.call()) && code != Status.Code.INVALID_ARGUMENT
                    && code != Status.Code.UNIMPLEMENTED) {
                fault = reply.call() + " with every field absent answered " + code + ": "
                        + reply.status().getDescription() + "; expected INVALID_ARGUMENT";
            }
            if (fault != null) {
                faults.add(fault);
            }
        }
        assertNoFaults(faults);
    }

    /** The minimal requests, in the order the kubelet would send them, with the replies checked at the end. */
    private static final class Minimal {
        final List<String> faults = new ArrayList<>();

        /** Sends a request that must be served; its answer, or null when it was not. */
        Message valid(String call, Message request) {
            Reply reply = send(method(call), request);
            String fault = reply.faultOfValid();
            if (fault != null) {
                faults.add(fault);
            }
            return reply.answer();
        }

        void refused(String call, Message request, Status.Code expected, String named) {
            Reply reply = send(method(call), request);
            String fault = reply.fault();
            if (fault == null && (reply.status().getCode() != expected
                    || !String.valueOf(reply.status().getDescription()).contains(named))) {
                fault = call + " answered " + reply.status().getCode() + ": " + reply.status().getDescription()
                        + "; expected " + expected + " naming " + named;
            }
            if (fault != null) {
                faults.add(fault);
            }
        }
    }

    @Test
    void everyCallWithOnlyItsIdsIsServed() {
        Minimal calls = new Minimal();
        String image = node.busybox.reference();
        ImageSpec imageSpec = ImageSpec.newBuilder().setImage(image).build();
        calls.valid("PullImage", PullImageRequest.newBuilder().setImage(imageSpec).build());
        calls.valid("ImageStatus", ImageStatusRequest.newBuilder().setImage(imageSpec).build());
        calls.valid("ImageStatus", ImageStatusRequest.newBuilder().setImage(imageSpec).setVerbose(true).build());

        String uid = UUID.randomUUID().toString();
        PodSandboxConfig pod = PodSandboxConfig.newBuilder().setMetadata(PodSandboxMetadata.newBuilder()
                .setName("minimal").setNamespace("e2e").setUid(uid)).build();
        var ran = (RunPodSandboxResponse) calls.valid("RunPodSandbox", RunPodSandboxRequest.newBuilder()
                .setConfig(pod).build());
        assertNotNull(ran, String.join("\n", calls.faults));
        String podId = ran.getPodSandboxId();
        calls.valid("PodSandboxStatus", PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId).build());
        calls.valid("PodSandboxStatus", PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId)
                .setVerbose(true).build());
        calls.valid("PodSandboxStats", PodSandboxStatsRequest.newBuilder().setPodSandboxId(podId).build());
        calls.valid("PortForward", PortForwardRequest.newBuilder().setPodSandboxId(podId).build());
        calls.refused("CreateContainer", CreateContainerRequest.newBuilder().setPodSandboxId(podId).build(),
                Status.Code.INVALID_ARGUMENT, "name");
        calls.refused("CreateContainer", CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                .setConfig(ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder()
                        .setName("imageless"))).build(), Status.Code.INVALID_ARGUMENT, "image");

        var bare = (CreateContainerResponse) calls.valid("CreateContainer", CreateContainerRequest.newBuilder()
                .setPodSandboxId(podId).setConfig(ContainerConfig.newBuilder().setMetadata(ContainerMetadata
                        .newBuilder().setName("bare")).setImage(imageSpec)).build());
        // as little as a container that keeps running needs: a command
        var sleeper = (CreateContainerResponse) calls.valid("CreateContainer", CreateContainerRequest.newBuilder()
                .setPodSandboxId(podId).setConfig(ContainerConfig.newBuilder().setMetadata(ContainerMetadata
                        .newBuilder().setName("sleeper")).setImage(imageSpec).addAllCommand(List.of("sleep", "600")))
                .build());
        assertNotNull(bare, String.join("\n", calls.faults));
        assertNotNull(sleeper, String.join("\n", calls.faults));
        afterContainers(calls, podId, imageSpec, bare.getContainerId(), sleeper.getContainerId());
        assertNoFaults(calls.faults);
    }

    private static void afterContainers(Minimal calls, String podId, ImageSpec imageSpec, String bare,
            String sleeper) {
        calls.valid("StartContainer", StartContainerRequest.newBuilder().setContainerId(bare).build());
        calls.valid("StartContainer", StartContainerRequest.newBuilder().setContainerId(sleeper).build());
        calls.valid("ContainerStatus", ContainerStatusRequest.newBuilder().setContainerId(bare).build());
        calls.valid("ContainerStatus", ContainerStatusRequest.newBuilder().setContainerId(bare).setVerbose(true)
                .build());
        calls.valid("ContainerStats", ContainerStatsRequest.newBuilder().setContainerId(sleeper).build());
        calls.valid("UpdateContainerResources", UpdateContainerResourcesRequest.newBuilder()
                .setContainerId(sleeper).build());
        calls.valid("ReopenContainerLog", ReopenContainerLogRequest.newBuilder().setContainerId(sleeper).build());
        // timeout 0: no timeout, as crictl exec -s without --timeout asks
        calls.valid("ExecSync", ExecSyncRequest.newBuilder().setContainerId(sleeper).addCmd("true").build());
        calls.refused("ExecSync", ExecSyncRequest.newBuilder().setContainerId(sleeper).build(),
                Status.Code.INVALID_ARGUMENT, "no command");
        // the CRI: one of stdin, stdout and stderr must be true
        calls.refused("Exec", ExecRequest.newBuilder().setContainerId(sleeper).addCmd("true").build(),
                Status.Code.INVALID_ARGUMENT, "one of stdin, stdout or stderr");
        calls.valid("Exec", ExecRequest.newBuilder().setContainerId(sleeper).addCmd("true").setStdout(true).build());
        calls.refused("Attach", AttachRequest.newBuilder().setContainerId(sleeper).build(),
                Status.Code.INVALID_ARGUMENT, "one of stdin, stdout or stderr");
        calls.valid("Attach", AttachRequest.newBuilder().setContainerId(sleeper).setStdout(true).build());
        calls.refused("Attach", AttachRequest.newBuilder().setContainerId("no-such-container").setStdout(true)
                .build(), Status.Code.NOT_FOUND, "no-such-container");
        calls.valid("StopContainer", StopContainerRequest.newBuilder().setContainerId(sleeper).build());
        calls.valid("RemoveContainer", RemoveContainerRequest.newBuilder().setContainerId(bare).build());
        calls.valid("RemoveContainer", RemoveContainerRequest.newBuilder().setContainerId(sleeper).build());
        calls.valid("StopPodSandbox", StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        calls.valid("RemovePodSandbox", RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        calls.valid("RemoveImage", RemoveImageRequest.newBuilder().setImage(imageSpec).build());
    }

    @Test
    void aPodWithOnlyItsMetadataRunsAndOneWithAnUnknownPortProtocolIsRefused() {
        Minimal calls = new Minimal();
        calls.refused("RunPodSandbox", RunPodSandboxRequest.getDefaultInstance(), Status.Code.INVALID_ARGUMENT,
                "name");
        calls.refused("RunPodSandbox", RunPodSandboxRequest.newBuilder().setConfig(PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("future-protocol").setNamespace("e2e")
                        .setUid(UUID.randomUUID().toString()))
                .addPortMappings(PortMapping.newBuilder().setContainerPort(80).setHostPort(18080)
                        .setProtocolValue(7))).build(), Status.Code.INVALID_ARGUMENT, "protocol 7");
        calls.valid("RunPodSandbox", RunPodSandboxRequest.newBuilder().setConfig(PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("only-metadata").setNamespace("e2e")
                        .setUid(UUID.randomUUID().toString()))).build());
        assertNoFaults(calls.faults);
    }
}
