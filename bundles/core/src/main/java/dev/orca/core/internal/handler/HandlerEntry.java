package dev.orca.core.internal.handler;

import dev.orca.spi.RuntimeHandler;

/**
 * One registered {@link RuntimeHandler} service with the service properties the registry ranks it by.
 *
 * @param name the handler name ({@link RuntimeHandler#HANDLER})
 * @param handler the service object
 * @param isDefault whether it claims to be the default handler ({@link RuntimeHandler#DEFAULT})
 * @param defaultRanking its rank among the handlers that claim the default ({@link RuntimeHandler#DEFAULT_RANKING})
 * @param ranking the service ranking; higher wins when two services claim one name
 * @param pid the configuration PID the service was made from ({@code service.pid}), empty when none; the one that
 *     sorts first wins between equal rankings
 * @param serviceId the service id; lower (older) wins between equal rankings and PIDs
 * @param bundleId the id of the bundle that registered it
 */
public record HandlerEntry(String name, RuntimeHandler handler, boolean isDefault, int defaultRanking, int ranking,
        String pid, long serviceId, long bundleId) {

    /** True when this entry is the better default than {@code other}: higher default ranking, then {@link #outranks}. */
    boolean outranksAsDefault(HandlerEntry other) {
        return defaultRanking != other.defaultRanking ? defaultRanking > other.defaultRanking : outranks(other);
    }

    /** True when this entry wins over {@code other} for the same name: higher ranking, first PID, older service. */
    boolean outranks(HandlerEntry other) {
        if (ranking != other.ranking) {
            return ranking > other.ranking;
        }
        if (!pid.equals(other.pid)) {
            return !pid.isEmpty() && (other.pid.isEmpty() || pid.compareTo(other.pid) < 0);
        }
        return serviceId < other.serviceId;
    }

    /** Whether the handler can run pods now. */
    public boolean available() {
        return handler.unavailability().isEmpty();
    }

    /** Where the service comes from, for logs: its configuration PID or service id. */
    public String source() {
        return pid.isEmpty() ? "service " + serviceId : "configuration " + pid;
    }
}
