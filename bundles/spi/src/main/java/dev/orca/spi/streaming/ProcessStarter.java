package dev.orca.spi.streaming;

import dev.orca.spi.InteractiveProcess;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** Starts (exec) or reaches (attach) the process of a {@link ContainerStream} once its client has connected. */
@ConsumerType
@FunctionalInterface
public interface ProcessStarter {

    /** @throws IOException with a message fit for the client, when the container cannot run the process now */
    InteractiveProcess start() throws IOException;
}
