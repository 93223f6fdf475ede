package dev.orca.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciResources.OciCpu;
import dev.orca.spi.oci.OciResources.OciMemory;
import org.junit.jupiter.api.Test;

/** A pod's total: the containers' limits plus the overhead, field by field. */
class PodResourcesTest {

    @Test
    void limitsAndOverheadAddUpInTheLimitsPeriod() {
        OciResources total = new PodResources(resources(64L << 20, 512L, 50_000L, 100_000L),
                resources(16L << 20, 100L, 10_000L, null)).total();
        assertEquals(80L << 20, total.memory().limit());
        assertEquals(612L, total.cpu().shares());
        assertEquals(60_000L, total.cpu().quota());
        assertEquals(100_000L, total.cpu().period());
    }

    @Test
    void aPodWithoutAQuotaStaysWithoutOneWhateverTheOverhead() {
        OciResources total = new PodResources(resources(null, null, -1L, null), resources(null, null, 10_000L, null))
                .total();
        assertEquals(-1L, total.cpu().quota());
        assertNull(total.memory());
    }

    @Test
    void oneSideAloneIsTheTotalAndNeitherIsNone() {
        OciResources overhead = resources(1L << 20, null, null, null);
        assertEquals(overhead, new PodResources(null, overhead).total());
        assertNull(PodResources.NONE.total());
    }

    private static OciResources resources(Long memory, Long shares, Long quota, Long period) {
        return new OciResources(memory == null ? null : new OciMemory(memory, null, null),
                new OciCpu(shares, quota, period, null, null), null, null, null, null);
    }
}
