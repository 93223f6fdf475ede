package dev.orca.streaming.internal;

import java.nio.charset.StandardCharsets;

/**
 * How a stream ended, as the client reads it on the error stream: from v4 on a Kubernetes {@code Status} object (a
 * non-zero exit is {@code Failure} with reason {@code NonZeroExitCode} and the code as an {@code ExitCode} cause),
 * before v4 plain text, and nothing at all for success.
 */
record ExitStatus(int exitCode, String error) {

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
        if (success()) {
            return "{\"metadata\":{},\"status\":\"Success\"}";
        }
        if (error != null) {
            return "{\"metadata\":{},\"status\":\"Failure\",\"message\":" + quote(error)
                    + ",\"reason\":\"InternalError\",\"code\":500}";
        }
        return "{\"metadata\":{},\"status\":\"Failure\",\"message\":" + quote(text(what))
                + ",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\""
                + exitCode + "\"}]}}";
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
