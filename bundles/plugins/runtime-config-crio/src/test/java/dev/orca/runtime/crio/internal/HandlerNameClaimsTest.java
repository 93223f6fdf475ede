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
                "runc", false, 0, "file:/orca/deploy/dev.orca.runtime.oci-runc.cfg")));

        assertEquals(1, clashes.size());
        assertTrue(clashes.get(0).startsWith("runtime handler \"runc\" is claimed twice: configuration"
                + " dev.orca.runtime.oci~runc (file:/orca/deploy/dev.orca.runtime.oci-runc.cfg) serves it, as it"
                + " ranks higher (service.ranking 0 > -1); [crio.runtime.runtimes.runc] (/orca/conf/crio.conf) is"
                + " shadowed"), clashes.get(0));
    }

    @Test
    void aConfigurationRankedBelowTheTablesLosesToThem() {
        List<String> clashes = HandlerNameClaims.clashes(TABLES,
                List.of(new OtherHandler("dev.orca.runtime.oci~crun", "crun", false, -5, "")));

        assertTrue(clashes.get(0).contains("[crio.runtime.runtimes.crun] (/orca/conf/crio.conf.d/10-crun.conf)"
                + " serves it, as it ranks higher (service.ranking -1 > -5)"), clashes.get(0));
    }

    @Test
    void differentNamesDoNotClash() {
        assertEquals(List.of(), HandlerNameClaims.clashes(TABLES,
                List.of(new OtherHandler("dev.orca.runtime.oci~runsc", "runsc", false, 0, ""))));
    }

    @Test
    void aDefaultRuntimeOutrankedByADeployDefaultIsSaidNotToTakeEffect() {
        Map<String, Map<String, Object>> tables = Map.of("crun", Map.of("orca.config.source", "/c.conf",
                "orca.runtime.default", true));

        List<String> clashes = HandlerNameClaims.clashes(tables, List.of(new OtherHandler(
                "dev.orca.runtime.oci~runc", "runc", true, 0, "file:/orca/deploy/dev.orca.runtime.oci-runc.cfg")));

        assertEquals(List.of("default_runtime \"crun\" does not take effect: configuration dev.orca.runtime.oci~runc"
                + " (file:/orca/deploy/dev.orca.runtime.oci-runc.cfg) marks \"runc\" as the default and ranks higher"
                + " (service.ranking 0 > -1); remove its orca.runtime.default to let the tables choose"), clashes);
    }
}
