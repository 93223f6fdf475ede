package dev.orca.core.internal.cri;

import dev.orca.core.internal.wait.Startup;
import dev.orca.spi.PodNetwork;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The parts of the node the runtime calls look at besides the handlers: the start-up, whether an image store is
 * there, and the pod network, now and waited for (while the node starts).
 *
 * @param imageStore whether an image store is deployed now
 * @param network the pod network deployed now, or null
 * @param awaitedNetwork the pod network, waiting for one while the node starts; null when none came
 */
public record NodeParts(Startup startup, BooleanSupplier imageStore, Supplier<PodNetwork> network,
        Supplier<PodNetwork> awaitedNetwork) {

    /** Parts for tests: no start-up to wait for, an image store, and {@code network}. */
    static NodeParts started(Supplier<PodNetwork> network) {
        return new NodeParts(new Startup(java.time.Duration.ZERO, java.util.Map.of()), () -> true, network, network);
    }
}
