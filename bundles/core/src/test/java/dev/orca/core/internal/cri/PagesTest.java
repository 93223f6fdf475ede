package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Stream* calls' pages: the list in order, {@link Pages#SIZE} items a page, then completion. */
class PagesTest {

    @Test
    void aLongListGoesInFullPagesAndARest() {
        List<Integer> items = IntStream.range(0, 2 * Pages.SIZE + 50).boxed().toList();
        Received<List<Integer>> out = new Received<>();
        Pages.send(out, () -> items, page -> page);
        assertEquals(List.of(Pages.SIZE, Pages.SIZE, 50), out.answers.stream().map(List::size).toList());
        assertEquals(items, out.answers.stream().flatMap(List::stream).toList());
        assertTrue(out.completed);
    }

    @Test
    void anEmptyListIsNoPageAndCompletes() {
        Received<List<Integer>> out = new Received<>();
        Pages.send(out, List::<Integer>of, page -> page);
        assertEquals(List.of(), out.answers);
        assertTrue(out.completed);
    }

    @Test
    void aFailingListEndsTheStreamWithItsStatus() {
        Received<List<Integer>> out = new Received<>();
        java.util.function.Supplier<List<Integer>> failing = () -> {
            throw new CriFailure(CriFailure.Kind.UNAVAILABLE, "runtime handler 'x' is not deployed");
        };
        Pages.send(out, failing, page -> page);
        assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(out.error).getCode());
        assertEquals(List.of(), out.answers);
    }
}
