package dev.orca.spi;

/**
 * Counters of one network interface, cumulative since it was made, as the kernel keeps them
 * ({@code /proc/net/dev} in the pod's network namespace).
 *
 * @param name the interface, as the pod sees it ({@code eth0})
 */
public record NetworkUsage(String name, long receiveBytes, long receivePackets, long receiveErrors,
        long receiveDropped, long transmitBytes, long transmitPackets, long transmitErrors, long transmitDropped) {
}
