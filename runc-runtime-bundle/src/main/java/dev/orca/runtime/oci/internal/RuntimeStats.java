package dev.orca.runtime.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeFeatures;
import java.io.IOException;
import java.time.Instant;

/** Reads the runtime's JSON answers about usage ({@code events --stats}) and features ({@code features}). */
final class RuntimeStats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuntimeStats() {
    }

    /** CPU and memory from {@code runc events --stats}; working set = usage minus inactive file cache. */
    static ResourceUsage usage(String eventsJson, Instant now) throws IOException {
        JsonNode data = JSON.readTree(eventsJson).path("data");
        long cpu = data.path("cpu").path("usage").path("total").asLong(0);
        JsonNode memory = data.path("memory");
        long usage = memory.path("usage").path("usage").asLong(0);
        JsonNode stats = memory.path("stats");
        long inactive = stats.has("total_inactive_file") ? stats.path("total_inactive_file").asLong(0)
                : stats.path("inactive_file").asLong(0);
        return new ResourceUsage(now, cpu, Math.max(0, usage - inactive), usage, 0, 0);
    }

    /**
     * What {@code runc features} reports: recursive read-only mounts ({@code rro} among the mount options) and
     * user namespaces (the {@code user} namespace with id-mapped mounts).
     */
    static RuntimeFeatures features(String featuresJson) throws IOException {
        JsonNode root = JSON.readTree(featuresJson);
        boolean rro = false;
        for (JsonNode option : root.path("mountOptions")) {
            rro |= option.asText().equals("rro");
        }
        boolean userNs = false;
        for (JsonNode ns : root.path("linux").path("namespaces")) {
            userNs |= ns.asText().equals("user");
        }
        boolean idmap = root.path("linux").path("mountExtensions").path("idmap").path("enabled").asBoolean(false);
        return new RuntimeFeatures(rro, userNs && idmap);
    }
}
