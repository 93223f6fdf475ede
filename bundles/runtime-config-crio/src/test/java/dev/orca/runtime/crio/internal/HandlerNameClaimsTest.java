package dev.orca.runtime.crio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.runtime.crio.internal.HandlerConfigurationStore.OtherHandler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerNameClaimsTest {

    private static final Map<String, Map<String, Object>> TABLES = Map.of(
            "runc", Map.of("orca.config.source", "/orca/conf/crio.conf"),
            "crun", Map.of("orca.config.source", "/orca/conf/crio.conf.d/10-crun.conf"));

    @Test
    void aDeployConfigurationOfTheSameNameWinsAndTheClashIsSaid() {
        List<String> clashes = HandlerNameClaims.clashes(TABLES, List.of(new OtherHandler("dev.orca.runtime.oci~runc",
                "runc", 0, "file:/orca/deploy/dev.orca.runtime.oci-runc.cfg")));

        assertEquals(1, clashes.size());
        assertTrue(clashes.get(0).startsWith("runtime handler \"runc\" is claimed twice: configuration"
                + " dev.orca.runtime.oci~runc (file:/orca/deploy/dev.orca.runtime.oci-runc.cfg) serves it, as it"
                + " ranks higher (service.ranking 0 > -1); [crio.runtime.runtimes.runc] (/orca/conf/crio.conf) is"
                + " shadowed"), clashes.get(0));
    }

    @Test
    void aConfigurationRankedBelowTheTablesLosesToThem() {
        List<String> clashes = HandlerNameClaims.clashes(TABLES,
                List.of(new OtherHandler("dev.orca.runtime.oci~crun", "crun", -5, "")));

        assertTrue(clashes.get(0).contains("[crio.runtime.runtimes.crun] (/orca/conf/crio.conf.d/10-crun.conf)"
                + " serves it, as it ranks higher (service.ranking -1 > -5)"), clashes.get(0));
    }

    @Test
    void differentNamesDoNotClash() {
        assertEquals(List.of(), HandlerNameClaims.clashes(TABLES,
                List.of(new OtherHandler("dev.orca.runtime.oci~runsc", "runsc", 0, ""))));
    }
}
