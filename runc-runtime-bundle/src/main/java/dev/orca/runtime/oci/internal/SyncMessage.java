package dev.orca.runtime.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What conmon (API version 1) writes on its sync pipe after {@code runtime create}: {@code {"data": PID}} or
 * {@code {"data": -1, "message": "..."}} with the runtime's error output.
 */
record SyncMessage(int pid, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOGRUS_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    boolean failed() {
        return pid <= 0;
    }

    /** @param line the line conmon wrote, or null when it closed the pipe without a word */
    static SyncMessage parse(String line) {
        if (line == null || line.isBlank()) {
            return new SyncMessage(-1, "the monitor exited without reporting the container's pid");
        }
        try {
            JsonNode node = JSON.readTree(line);
            int pid = node.path("data").asInt(-1);
            String message = node.path("message").asText("");
            return new SyncMessage(pid, pid > 0 ? "" : runtimeError(message));
        } catch (IOException e) {
            return new SyncMessage(-1, "the monitor answered \"" + line.strip() + "\"");
        }
    }

    /** runc logs in logrus format ({@code time=... level=error msg="..."}); keep the message only. */
    static String runtimeError(String message) {
        Matcher m = LOGRUS_MSG.matcher(message);
        if (m.find()) {
            return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return message.isBlank() ? "the runtime failed without a message" : message.strip();
    }
}
