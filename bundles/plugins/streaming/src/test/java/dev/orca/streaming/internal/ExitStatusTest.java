package dev.orca.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void successIsAStatusObjectFromV4AndNothingBefore() {
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", text(ExitStatus.exited(0).encode(
                StreamProtocols.V4, "exec in container c")));
        assertEquals("", text(ExitStatus.exited(0).encode(StreamProtocols.V2, "exec in container c")));
    }

    @Test
    void aNonZeroExitCarriesItsCodeAsTheKubeletDoes() {
        assertEquals("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit"
                + " code: error executing exec in container c, exit code 7\",\"reason\":\"NonZeroExitCode\","
                + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"7\"}]}}",
                text(ExitStatus.exited(7).encode(StreamProtocols.V5, "exec in container c")));
    }

    @Test
    void aFailureToStartIsAnInternalErrorWithItsMessageQuoted() {
        assertEquals("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"no \\\"sh\\\"\\n\",\"reason\":"
                + "\"InternalError\",\"code\":500}", text(ExitStatus.failed("no \"sh\"\n").encode(StreamProtocols.V4,
                "x")));
        assertEquals("no sh", text(ExitStatus.failed("no sh").encode(StreamProtocols.V1, "x")));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
