package dev.orca.core.internal.handler;

import dev.orca.spi.RuntimeHandler;

/**
 * One registered {@link RuntimeHandler} service with the service properties the registry ranks it by.
 *
 * @param name the handler name ({@link RuntimeHandler#HANDLER})
 * @param handler the service object
 * @param isDefault whether it claims to be the default handler ({@link RuntimeHandler#DEFAULT})
 * @param ranking the service ranking; higher wins when two services claim one name
 * @param serviceId the service id; lower (older) wins between equal rankings
 * @param bundleId the id of the bundle that registered it
 */
public record HandlerEntry(String name, RuntimeHandler handler, boolean isDefault, int ranking, long serviceId,
        long bundleId) {

    /** True when this entry wins over {@code other} for the same name: higher ranking, then older service. */
    boolean outranks(HandlerEntry other) {
        if (ranking != other.ranking) {
            return ranking > other.ranking;
        }
        return serviceId < other.serviceId;
    }
}
