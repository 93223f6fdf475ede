package dev.orca.e2e;

import dev.orca.cri.v1.ContainerStatusRequest;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One call at a time of a racing client, on pods and containers every client shares: a few pod slots (each holding at
 * most one pod, remade under the same name once removed) and the containers the clients saw created, a few names per
 * pod. Clients pick their targets at random from what all of them know, so several act on one ID at once; each answer
 * goes to the {@link RaceLedger}.
 */
final class RacingCaller {

    static final int POD_SLOTS = 3;
    static final int NAMES = 3;

    private final CriPods pods;
    private final RaceLedger ledger;
    private final Duration bound;
    private final AtomicReferenceArray<String> podIds = new AtomicReferenceArray<>(POD_SLOTS);
    private final AtomicReferenceArray<PodSandboxConfig> configs = new AtomicReferenceArray<>(POD_SLOTS);
    /** Containers seen created and not seen removed, with their pods. */
    private final Map<String, String> containers = new ConcurrentHashMap<>();

    RacingCaller(CriPods pods, RaceLedger ledger, Duration bound) throws IOException {
        this.pods = pods;
        this.ledger = ledger;
        this.bound = bound;
        for (int slot = 0; slot < POD_SLOTS; slot++) {
            configs.set(slot, pods.pod("race-" + slot, Map.of()));
        }
    }

    /**
     * One call, chosen by {@code random}, through {@code runtime}.
     *
     * @param killed whether the daemon is killed during this round: a call cut off is not a failure then
     */
    void act(Random random, RuntimeServiceBlockingStub runtime, boolean killed) {
        int slot = random.nextInt(POD_SLOTS);
        String podId = podIds.get(slot);
        String container = pick(random);
        int dice = random.nextInt(100);
        RuntimeServiceBlockingStub stub = runtime.withDeadlineAfter(bound.toMillis(), TimeUnit.MILLISECONDS);
        if (podId == null) {
            // a pod made but not answered keeps its name: the slot goes on under a new uid, as a kubelet would
            call("RunPodSandbox", killed, () -> renew(slot), () -> runPod(stub, slot));
        } else if (dice < 25) {
            String name = "c" + random.nextInt(NAMES);
            call("CreateContainer", killed, null, () -> {
                String id = stub.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                        .setSandboxConfig(configs.get(slot)).setConfig(pods.container(name, name + ".log",
                                "/bin/sh", "-c", "exec sleep 600")).build()).getContainerId();
                ledger.containerCreated(id, podId);
                containers.put(id, podId);
            });
        } else if (dice < 45 && container != null) {
            call("StartContainer", killed, null, () -> stub.startContainer(StartContainerRequest.newBuilder()
                    .setContainerId(container).build()));
        } else if (dice < 60 && container != null) {
            call("StopContainer", killed, null, () -> stub.stopContainer(StopContainerRequest.newBuilder()
                    .setContainerId(container).setTimeout(1).build()));
        } else if (dice < 72 && container != null) {
            call("RemoveContainer", killed, () -> ledger.removalCutOff(container), () -> {
                stub.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(container).build());
                ledger.containerRemoved(container);
                containers.remove(container);
            });
        } else if (dice < 80 && container != null) {
            call("ContainerStatus", killed, null, () -> stub.containerStatus(ContainerStatusRequest.newBuilder()
                    .setContainerId(container).build()));
        } else if (dice < 86) {
            call("ListContainers", killed, null, () -> stub.listContainers(ListContainersRequest
                    .getDefaultInstance()));
        } else if (dice < 91) {
            call(dice % 2 == 0 ? "PodSandboxStatus" : "ListPodSandbox", killed, null, () -> {
                if (dice % 2 == 0) {
                    stub.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId).build());
                } else {
                    stub.listPodSandbox(ListPodSandboxRequest.getDefaultInstance());
                }
            });
        } else if (dice < 95) {
            call("StopPodSandbox", killed, null, () -> stub.stopPodSandbox(StopPodSandboxRequest.newBuilder()
                    .setPodSandboxId(podId).build()));
        } else {
            call("RemovePodSandbox", killed, () -> ledger.podRemovalCutOff(podId), () -> {
                stub.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
                ledger.podRemoved(podId);
                containers.values().removeIf(podId::equals);
                if (podIds.compareAndSet(slot, podId, null)) {
                    renew(slot);
                }
            });
        }
    }

    /** The slot's next pod: same name, a new uid. */
    private void renew(int slot) {
        try {
            configs.set(slot, pods.pod("race-" + slot, Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RaceLedger ledger() {
        return ledger;
    }

    private void runPod(RuntimeServiceBlockingStub stub, int slot) {
        String id = stub.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(configs.get(slot)).build())
                .getPodSandboxId();
        podIds.compareAndSet(slot, null, id);
    }

    private String pick(Random random) {
        List<String> known = new ArrayList<>(containers.keySet());
        return known.isEmpty() ? null : known.get(random.nextInt(known.size()));
    }

    /**
     * Runs one call and books its answer: a hung call, a reply with a Java exception's text, an incident (INTERNAL) or
     * a daemon unavailable outside the kill are failures; any other refusal is an answer a racing client may get.
     */
    private void call(String name, boolean killed, Runnable cutOff, Runnable work) {
        try {
            work.run();
            ledger.answered(name, "OK");
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            String message = String.valueOf(e.getStatus().getDescription());
            ledger.answered(name, code.name());
            boolean cut = killed && (code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED
                    || code == Status.Code.UNKNOWN && e.getStatus().getCause() != null);
            if (cut) {
                if (cutOff != null) {
                    cutOff.run();
                }
            } else if (code == Status.Code.DEADLINE_EXCEEDED) {
                ledger.failure(name + " did not answer within " + bound.toSeconds() + " s");
            } else if (RaceLedger.JAVA_TEXT.matcher(message).find()) {
                ledger.failure(name + " answered with a Java exception's text: " + code + " " + message);
            } else if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN
                    || code == Status.Code.UNAVAILABLE) {
                ledger.failure(name + " answered " + code + ": " + message);
            }
        }
    }
}
