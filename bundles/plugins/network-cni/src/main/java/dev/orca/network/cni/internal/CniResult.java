package dev.orca.network.cni.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the addresses out of a CNI result (0.3.x, 0.4.0, 1.0.0 share {@code ips[].address}). */
public final class CniResult {

    private CniResult() {
    }

    /** The addresses without prefix length, in the result's order with IPv4 before IPv6. */
    public static List<String> addresses(JsonNode result) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (JsonNode ip : result.path("ips")) {
            String address = ip.path("address").asText("");
            if (address.isEmpty()) {
                continue;
            }
            int slash = address.indexOf('/');
            String bare = slash < 0 ? address : address.substring(0, slash);
            (bare.contains(":") ? v6 : v4).add(bare);
        }
        v4.addAll(v6);
        return v4;
    }
}
