package dev.orca.core.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellsTest {

    @Test
    void idsAreShortenedTo13DigitsWithoutTheirAlgorithm() {
        assertEquals("0123456789abc", Cells.shortId("0123456789abcdef0123"));
        assertEquals("feedbeef01234", Cells.shortId("sha256:feedbeef0123456789"));
        assertEquals("abc", Cells.shortId("abc"));
    }

    @Test
    void sizesUseTheLargestUnitThatKeepsAWholeNumber() {
        assertEquals("0 B", Cells.size(0));
        assertEquals("999 B", Cells.size(999));
        assertEquals("1.0 kB", Cells.size(1000));
        assertEquals("4.2 MB", Cells.size(4_210_000));
        assertEquals("1.5 GB", Cells.size(1_500_000_000L));
    }

    @Test
    void timesAreUtcToTheSecondAndAbsentValuesAreADash() {
        assertEquals("2024-05-01T10:00:00Z", Cells.time(Instant.parse("2024-05-01T10:00:00.987Z")));
        assertEquals("-", Cells.time(null));
        assertEquals("-", Cells.list(List.of()));
        assertEquals("10.85.0.2,fd00::2", Cells.list(List.of("10.85.0.2", "fd00::2")));
        assertEquals("-", Cells.text(" "));
    }
}
