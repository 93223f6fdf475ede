package dev.orca.core.internal.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/** What a client of one call receives. */
final class Received<T> implements StreamObserver<T> {
    final List<T> answers = new ArrayList<>();
    Throwable error;
    boolean completed;

    @Override
    public void onNext(T value) {
        answers.add(value);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
    }

    @Override
    public void onCompleted() {
        completed = true;
    }

    Status status() {
        return ((StatusRuntimeException) error).getStatus();
    }
}
