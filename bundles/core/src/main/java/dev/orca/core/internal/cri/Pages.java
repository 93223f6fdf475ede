package dev.orca.core.internal.cri;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The answers of the Stream* calls (StreamPodSandboxes, StreamContainers, StreamContainerStats,
 * StreamPodSandboxStats, StreamPodSandboxMetrics, StreamImages): what their List call answers, in order, in pages of
 * {@link #SIZE} items, one response per page; none for an empty list.
 */
final class Pages {

    /** Items per response: a page of stats stays well below gRPC's 4 MiB default message limit. */
    static final int SIZE = 100;

    private Pages() {
    }

    static <T, M> void send(StreamObserver<M> response, Supplier<List<T>> list, Function<List<T>, M> page) {
        Unary.stream(response, () -> {
            List<T> items = list.get();
            for (int from = 0; from < items.size(); from += SIZE) {
                response.onNext(page.apply(items.subList(from, Math.min(items.size(), from + SIZE))));
            }
        });
    }
}
