package dev.orca.isolation.network;

import dev.orca.spi.NetworkUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code /proc/net/dev}: two heading lines, then one line per interface, {@code name:} and sixteen
 * counters (eight received: bytes, packets, errs, drop, fifo, frame, compressed, multicast; eight transmitted:
 * bytes, packets, errs, drop, fifo, colls, carrier, compressed).
 */
public final class NetDev {

    private static final int COUNTERS = 16;
    private static final int TRANSMIT = 8;

    private NetDev() {
    }

    /** Every interface but loopback, whose traffic never leaves the pod (cAdvisor leaves it out too). */
    public static List<NetworkUsage> parse(String text) throws IOException {
        List<NetworkUsage> interfaces = new ArrayList<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String[] fields = line.substring(colon + 1).strip().split("\\s+");
            if (fields.length < COUNTERS) {
                throw new IOException("/proc/net/dev: interface " + name + " has " + fields.length
                        + " counters, not " + COUNTERS);
            }
            if (name.equals("lo")) {
                continue;
            }
            long[] n = new long[COUNTERS];
            try {
                for (int i = 0; i < COUNTERS; i++) {
                    n[i] = Long.parseUnsignedLong(fields[i]);
                }
            } catch (NumberFormatException e) {
                throw new IOException("/proc/net/dev: interface " + name + " has a counter that is not a number: "
                        + e.getMessage(), e);
            }
            interfaces.add(new NetworkUsage(name, n[0], n[1], n[2], n[3], n[TRANSMIT], n[TRANSMIT + 1],
                    n[TRANSMIT + 2], n[TRANSMIT + 3]));
        }
        return interfaces;
    }
}
