package dev.orca.core.internal.cri;

import dev.orca.core.internal.events.ContainerEvent;
import dev.orca.core.internal.events.EventBus;
import dev.orca.cri.v1.ContainerEventResponse;
import dev.orca.cri.v1.ContainerEventType;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GetContainerEvents: the bus's events as the CRI's {@link ContainerEventResponse}, each with its pod's status and
 * the pod's containers' statuses as recorded when it happened (no runtime is asked on the way out).
 */
final class ContainerEvents {

    private final EventBus<ContainerEvent> bus;
    private final ContainerCalls containers;
    private final Executor senders;
    private final AtomicLong streams = new AtomicLong();
    /** Each event's message, built once for all the streams (a stream lags by at most the bus's buffer). */
    private final BuiltOnce<ContainerEvent, ContainerEventResponse> messages;

    ContainerEvents(EventBus<ContainerEvent> bus, ContainerCalls containers, Executor senders) {
        this.bus = bus;
        this.containers = containers;
        this.senders = senders;
        this.messages = new BuiltOnce<>(this::message, Math.min(bus.capacity(), 256));
    }

    void follow(StreamObserver<ContainerEventResponse> response) {
        new EventStream<>((ServerCallStreamObserver<ContainerEventResponse>) response, messages, senders)
                .follow(bus, "GetContainerEvents stream " + streams.incrementAndGet());
    }

    ContainerEventResponse message(ContainerEvent event) {
        ContainerEventResponse.Builder message = ContainerEventResponse.newBuilder()
                .setContainerId(event.id())
                .setContainerEventType(switch (event.type()) {
                    case CREATED -> ContainerEventType.CONTAINER_CREATED_EVENT;
                    case STARTED -> ContainerEventType.CONTAINER_STARTED_EVENT;
                    case STOPPED -> ContainerEventType.CONTAINER_STOPPED_EVENT;
                    case DELETED -> ContainerEventType.CONTAINER_DELETED_EVENT;
                })
                .setCreatedAt(PodCalls.nanos(event.at()))
                .setPodSandboxStatus(PodCalls.recordedStatus(event.pod()));
        event.containers().forEach(c -> message.addContainersStatuses(containers.recordedStatus(c)));
        return message.build();
    }
}
