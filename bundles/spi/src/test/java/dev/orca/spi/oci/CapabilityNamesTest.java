package dev.orca.spi.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityNamesTest {

    @Test
    void namesStandAtTheKernelsNumbers() {
        assertEquals(0, CapabilityNames.ALL.indexOf("CAP_CHOWN"));
        assertEquals(21, CapabilityNames.ALL.indexOf("CAP_SYS_ADMIN"));
        assertEquals(40, CapabilityNames.ALL.indexOf("CAP_CHECKPOINT_RESTORE"));
        assertEquals(CapabilityNames.ALL.size(), Set.copyOf(CapabilityNames.ALL).size(), "each name once");
    }
}
