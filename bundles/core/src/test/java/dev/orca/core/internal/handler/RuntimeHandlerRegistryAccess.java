package dev.orca.core.internal.handler;

import dev.orca.spi.RuntimeHandler;
import java.util.Map;
import org.osgi.framework.Constants;

/** Lets tests in other packages register handlers as Declarative Services would. */
public final class RuntimeHandlerRegistryAccess {

    private RuntimeHandlerRegistryAccess() {
    }

    public static void bind(RuntimeHandlerRegistry registry, RuntimeHandler handler, String name, boolean isDefault,
            long serviceId) {
        registry.bind(handler, Map.of(RuntimeHandler.HANDLER, name, RuntimeHandler.DEFAULT, isDefault,
                Constants.SERVICE_ID, serviceId, Constants.SERVICE_BUNDLEID, 1L));
    }
}
