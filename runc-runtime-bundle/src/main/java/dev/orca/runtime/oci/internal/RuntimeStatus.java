package dev.orca.runtime.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** What {@code runc state ID} says: {@code created}, {@code running}, {@code paused} or {@code stopped}, and the pid. */
record RuntimeStatus(String status, int pid) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The runtime does not know the container (never created, or deleted). */
    static final RuntimeStatus UNKNOWN = new RuntimeStatus("unknown", 0);

    static RuntimeStatus parse(String json) throws IOException {
        JsonNode node = JSON.readTree(json);
        if (!node.hasNonNull("status")) {
            throw new IOException("runtime state without a status: " + json.strip());
        }
        return new RuntimeStatus(node.get("status").asText(), node.path("pid").asInt(0));
    }

    boolean isLive() {
        return status.equals("created") || status.equals("running") || status.equals("paused")
                || status.equals("pausing") || status.equals("creating");
    }
}
