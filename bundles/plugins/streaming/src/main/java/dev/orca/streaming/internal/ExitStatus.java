package dev.orca.streaming.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * How a stream ended, as the client reads it on the error stream: from v4 on a Kubernetes {@code Status} object (a
 * non-zero exit is {@code Failure} with reason {@code NonZeroExitCode} and the code as an {@code ExitCode} cause),
 * before v4 plain text, and nothing at all for success.
 */
record ExitStatus(int exitCode, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ExitStatus exited(int code) {
        return new ExitStatus(code, null);
    }

    static ExitStatus failed(String message) {
        return new ExitStatus(-1, message);
    }

    boolean success() {
        return error == null && exitCode == 0;
    }

    /** The bytes to write on the error stream for {@code protocol}; empty for nothing. */
    byte[] encode(String protocol, String what) {
        if (StreamProtocols.statusAsJson(protocol)) {
            return json(what).getBytes(StandardCharsets.UTF_8);
        }
        return success() ? new byte[0] : text(what).getBytes(StandardCharsets.UTF_8);
    }

    /** @param what the stream, as in {@code exec in container ID} */
    String text(String what) {
        if (error != null) {
            return error;
        }
        return "command terminated with non-zero exit code: error executing " + what + ", exit code " + exitCode;
    }

    String json(String what) {
        ObjectNode status = JSON.createObjectNode();
        status.putObject("metadata");
        if (success()) {
            return status.put("status", "Success").toString();
        }
        status.put("status", "Failure");
        if (error != null) {
            return status.put("message", error).put("reason", "InternalError").put("code", 500).toString();
        }
        status.put("message", text(what)).put("reason", "NonZeroExitCode");
        status.putObject("details").putArray("causes").addObject().put("reason", "ExitCode")
                .put("message", Integer.toString(exitCode));
        return status.toString();
    }
}
