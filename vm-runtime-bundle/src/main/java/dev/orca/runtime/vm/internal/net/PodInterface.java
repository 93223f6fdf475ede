package dev.orca.runtime.vm.internal.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The interface CNI made in a pod's network namespace, as the guest's NIC must take it over: its MAC, MTU,
 * addresses (CIDR) and routes ({@code DEST GATEWAY}, or {@code DEST} alone for a route on the link).
 */
public record PodInterface(String name, String mac, int mtu, List<String> addresses, List<String> routes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The pod's interface from {@code ip -j addr show} and {@code ip -j route show} (IPv4 and IPv6) of its
     * namespace: {@code eth0} when there is one, else the first with an address that is neither loopback nor
     * {@code tap}; empty when CNI made none (a pod without a network).
     */
    public static Optional<PodInterface> parse(String addrJson, String routeJson, String tap) throws IOException {
        JsonNode links = JSON.readTree(addrJson);
        JsonNode chosen = null;
        for (JsonNode link : links) {
            String name = link.path("ifname").asText();
            if (name.equals("lo") || name.equals(tap) || !link.path("addr_info").elements().hasNext()) {
                continue;
            }
            if (chosen == null || name.equals("eth0")) {
                chosen = link;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        String name = chosen.path("ifname").asText();
        List<String> addresses = new ArrayList<>();
        for (JsonNode a : chosen.path("addr_info")) {
            if (a.path("scope").asText("global").equals("global")) {
                addresses.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
            }
        }
        List<String> routes = new ArrayList<>();
        for (JsonNode r : JSON.readTree(routeJson.isBlank() ? "[]" : routeJson)) {
            if (!r.path("dev").asText().equals(name) || r.path("protocol").asText().equals("kernel")) {
                continue;
            }
            String dest = r.path("dst").asText();
            if (dest.equals("default")) {
                dest = r.path("gateway").asText().contains(":") ? "::/0" : "0.0.0.0/0";
            } else if (!dest.contains("/")) {
                dest = dest + (dest.contains(":") ? "/128" : "/32");
            }
            routes.add(r.has("gateway") ? dest + " " + r.path("gateway").asText() : dest);
        }
        return Optional.of(new PodInterface(name, chosen.path("address").asText(), chosen.path("mtu").asInt(1500),
                addresses, routes));
    }

    /** The route text of both families' {@code ip -j route} outputs as one JSON array. */
    public static String mergeRoutes(String v4, String v6) throws IOException {
        var merged = JSON.createArrayNode();
        for (String json : List.of(v4, v6)) {
            if (!json.isBlank()) {
                JSON.readTree(json).forEach(merged::add);
            }
        }
        return JSON.writeValueAsString(merged);
    }
}
