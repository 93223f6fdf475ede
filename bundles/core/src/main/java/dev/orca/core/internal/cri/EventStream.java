package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import dev.orca.core.internal.events.EventBus;
import dev.orca.core.internal.events.Subscription;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One GetContainerEvents stream: the events of its {@link Subscription}, sent while the client's transport takes
 * them (gRPC's readiness), so that a client that stops reading fills its bounded buffer on the bus and is dropped
 * there, its stream ended with RESOURCE_EXHAUSTED, instead of piling up messages in memory. Sending runs on
 * {@code executor}, one drain at a time per stream; publishers only schedule it.
 */
final class EventStream<E, M> {

    private final ServerCallStreamObserver<M> out;
    private final Function<E, M> message;
    private final Executor executor;
    private final AtomicInteger pending = new AtomicInteger();
    private Subscription<E> subscription;
    private boolean ended;

    EventStream(ServerCallStreamObserver<M> out, Function<E, M> message, Executor executor) {
        this.out = out;
        this.message = message;
        this.executor = executor;
    }

    /** Subscribes and sends from now on, until the client cancels or falls behind. */
    void follow(EventBus<E> bus, String who) {
        subscription = bus.subscribe(who, this::schedule);
        out.setOnCancelHandler(subscription::close);
        out.setOnReadyHandler(this::schedule);
        schedule();
    }

    private void schedule() {
        if (pending.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            send();
            missed = pending.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void send() {
        if (ended || out.isCancelled()) {
            return;
        }
        var dropped = subscription.dropped();
        if (dropped.isPresent()) {
            ended = true;
            out.onError(StatusMapping.toStatus(new CriFailure(Kind.RESOURCE_EXHAUSTED, "GetContainerEvents: "
                    + subscription.who() + " was dropped: " + dropped.get() + " (read the stream faster)")));
            return;
        }
        while (out.isReady()) {
            E event = subscription.poll();
            if (event == null) {
                return;
            }
            out.onNext(message.apply(event));
        }
    }
}
