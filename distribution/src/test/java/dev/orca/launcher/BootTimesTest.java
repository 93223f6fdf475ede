package dev.orca.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootTimesTest {

    @Test
    void theSummaryCountsEveryStartAndNamesTheSlowestFirst() {
        BootTimes times = new BootTimes();
        times.setUp(Duration.ofMillis(452));
        times.started("org.apache.felix.scr", Duration.ofMillis(40));
        times.started("dev.orca.core", Duration.ofMillis(460));
        times.started("dev.orca.signatures", Duration.ofMillis(165));
        times.started("dev.orca.image", Duration.ofMillis(98));

        assertEquals("4 bundles started in 763 ms after 452 ms of framework set-up and installation; the slowest:"
                + " dev.orca.core 460 ms, dev.orca.signatures 165 ms", times.summary(2));
    }

    @Test
    void withoutStartsTheSummarySaysSoAndNamesNone() {
        BootTimes times = new BootTimes();
        times.setUp(Duration.ofMillis(1_234));

        assertEquals("0 bundles started in 0 ms after 1,234 ms of framework set-up and installation",
                times.summary(5));
    }
}
