package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Stream* calls' pages: the list in order, {@link Pages#SIZE} items a page, then completion. */
class PagesTest {

    static final class Recorder implements StreamObserver<List<Integer>> {
        final List<List<Integer>> pages = new ArrayList<>();
        Throwable error;
        boolean completed;

        @Override
        public void onNext(List<Integer> page) {
            pages.add(List.copyOf(page));
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    @Test
    void aLongListGoesInFullPagesAndARest() {
        List<Integer> items = IntStream.range(0, 2 * Pages.SIZE + 50).boxed().toList();
        Recorder out = new Recorder();
        Pages.send(() -> items, page -> page, out);
        assertEquals(List.of(Pages.SIZE, Pages.SIZE, 50), out.pages.stream().map(List::size).toList());
        assertEquals(items, out.pages.stream().flatMap(List::stream).toList());
        assertTrue(out.completed);
    }

    @Test
    void anEmptyListIsNoPageAndCompletes() {
        Recorder out = new Recorder();
        Pages.send(List::<Integer>of, page -> page, out);
        assertEquals(List.of(), out.pages);
        assertTrue(out.completed);
    }

    @Test
    void aFailingListEndsTheStreamWithItsStatus() {
        Recorder out = new Recorder();
        java.util.function.Supplier<List<Integer>> failing = () -> {
            throw new CriFailure(CriFailure.Kind.UNAVAILABLE, "runtime handler 'x' is not deployed");
        };
        Pages.send(failing, page -> page, out);
        assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(out.error).getCode());
        assertEquals(List.of(), out.pages);
    }
}
