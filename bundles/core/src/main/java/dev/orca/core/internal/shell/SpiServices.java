package dev.orca.core.internal.shell;

import dev.orca.spi.ImageStore;
import dev.orca.spi.PodNetwork;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.StorageDriver;
import dev.orca.spi.security.SecurityProfileProvider;
import dev.orca.spi.streaming.StreamingServer;
import java.util.List;

/**
 * The SPI's service interfaces and the properties that tell their services apart, in the order the shell lists them.
 *
 * @param keys the service properties worth showing (the SPI's own, such as {@link RuntimeHandler#HANDLER})
 */
record SpiServices(String type, List<String> keys) {

    static final List<SpiServices> ALL = List.of(
            new SpiServices(RuntimeHandler.class.getName(), List.of(RuntimeHandler.HANDLER, RuntimeHandler.DEFAULT)),
            new SpiServices(ImageStore.class.getName(), List.of()),
            new SpiServices(StorageDriver.class.getName(), List.of(StorageDriver.DRIVER)),
            new SpiServices(PodNetwork.class.getName(), List.of(PodNetwork.NETWORK)),
            new SpiServices(SecurityProfileProvider.class.getName(), List.of(SecurityProfileProvider.TYPE)),
            new SpiServices(StreamingServer.class.getName(), List.of()));

    /** The interface's simple name: {@code RuntimeHandler}. */
    String simpleName() {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
