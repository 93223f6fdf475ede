package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.cri.v1.VersionRequest;
import dev.orca.cri.v1.VersionResponse;
import org.junit.jupiter.api.Test;

class VersionCallTest {

    @Test
    void answersOrcaItsVersionAndApiV1() {
        VersionResponse response = new VersionCall("1.2.3").answer(VersionRequest.newBuilder().setVersion("v1").build());

        assertEquals("orca", response.getRuntimeName());
        assertEquals("1.2.3", response.getRuntimeVersion());
        assertEquals("v1", response.getRuntimeApiVersion());
        assertEquals("0.1.0", response.getVersion());
    }
}
