package dev.orca.streaming.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes stream protocols and their negotiation. Over SPDY the client offers versions in
 * {@code X-Stream-Protocol-Version} headers and the first it offers that the server speaks wins; over WebSocket the
 * same happens with the subprotocols.
 */
final class StreamProtocols {

    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    static final String V3 = "v3.channel.k8s.io";
    static final String V2 = "v2.channel.k8s.io";
    static final String V1 = "channel.k8s.io";
    static final String BASE64 = "base64.channel.k8s.io";
    static final String V4_BASE64 = "v4.base64.channel.k8s.io";
    static final String PORT_FORWARD = "portforward.k8s.io";

    /** Exec and attach over SPDY. */
    static final List<String> SPDY_REMOTE_COMMAND = List.of(V5, V4, V3, V2, V1);
    /** Port-forward over SPDY. */
    static final List<String> SPDY_PORT_FORWARD = List.of(PORT_FORWARD);
    /** Exec and attach over WebSocket. */
    static final List<String> WEBSOCKET_REMOTE_COMMAND = List.of(V5, V4, V4_BASE64, V3, V2, V1, BASE64);
    /** Port-forward over WebSocket. */
    static final List<String> WEBSOCKET_PORT_FORWARD = List.of(V4, V4_BASE64, V1, BASE64, PORT_FORWARD);

    private StreamProtocols() {
    }

    /**
     * The protocol both speak, the client's preference first; the {@code fallback} when the client offers none; empty
     * when it offers only protocols the server does not speak.
     */
    static Optional<String> negotiate(List<String> offered, List<String> supported, String fallback) {
        List<String> clients = split(offered);
        if (clients.isEmpty()) {
            return Optional.of(fallback);
        }
        return clients.stream().filter(supported::contains).findFirst();
    }

    /** Header values as offered: one per header, or several separated by commas. */
    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** Whether the exit status goes to the client as a Kubernetes {@code Status} object (v4 on) or as text. */
    static boolean statusAsJson(String protocol) {
        return protocol.equals(V4) || protocol.equals(V5) || protocol.equals(V4_BASE64);
    }

    /** Whether the client may send a terminal size stream (v3 on). */
    static boolean resizes(String protocol) {
        return !protocol.equals(V1) && !protocol.equals(V2) && !protocol.equals(BASE64);
    }

    /** Whether WebSocket frames are text, channel digit then base64. */
    static boolean base64(String protocol) {
        return protocol.equals(BASE64) || protocol.equals(V4_BASE64);
    }
}
