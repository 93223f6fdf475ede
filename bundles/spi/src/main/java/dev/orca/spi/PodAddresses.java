package dev.orca.spi;

import java.util.List;

/** A connected pod's addresses, the primary one first. */
public record PodAddresses(List<String> ips) {

    public PodAddresses {
        ips = List.copyOf(ips);
    }
}
