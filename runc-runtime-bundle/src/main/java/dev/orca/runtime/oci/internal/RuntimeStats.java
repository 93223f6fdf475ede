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

    /**
     * CPU and memory from {@code runc events --stats}; working set = usage minus inactive file cache. Memory details
     * come under v1's names ({@code total_rss}, {@code total_cache}) or v2's ({@code anon}, {@code file}); a limit
     * of 2^62 or more is none.
     */
    static ResourceUsage usage(String eventsJson, Instant now) throws IOException {
        JsonNode data = JSON.readTree(eventsJson).path("data");
        JsonNode cpu = data.path("cpu").path("usage");
        JsonNode memory = data.path("memory");
        long usage = memory.path("usage").path("usage").asLong(0);
        long limit = memory.path("usage").path("limit").asLong(0);
        JsonNode stats = memory.path("stats");
        long inactive = first(stats, "total_inactive_file", "inactive_file");
        return new ResourceUsage(now, cpu.path("total").asLong(0), Math.max(0, usage - inactive), usage, 0, 0,
                cpu.path("user").asLong(0), cpu.path("kernel").asLong(0), first(stats, "total_rss", "anon"),
                first(stats, "total_cache", "file"), limit >= 1L << 62 ? 0 : limit, java.util.List.of());
    }

    private static long first(JsonNode stats, String v1, String v2) {
        return stats.has(v1) ? stats.path(v1).asLong(0) : stats.path(v2).asLong(0);
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
