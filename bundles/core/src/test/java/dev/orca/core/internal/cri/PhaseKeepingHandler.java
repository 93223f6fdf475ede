package dev.orca.core.internal.cri;

import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.RuntimeHandlerException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A runtime that runs nothing and keeps each container's phase as a real one would report it (created, running, exited
 * once stopped); its sandboxes stop and go without a trace. Tests override what they need to behave otherwise.
 */
class PhaseKeepingHandler extends DescribedHandler {

    final Map<String, Phase> phases;

    PhaseKeepingHandler(String name, Map<String, Phase> phases) {
        super(name);
        this.phases = phases;
    }

    @Override
    public ContainerState createContainer(ContainerRequest request) {
        phases.put(request.id(), Phase.CREATED);
        return containerState(request.id());
    }

    @Override
    public void startContainer(String containerId) {
        phases.put(containerId, Phase.RUNNING);
    }

    @Override
    public void stopContainer(String containerId, Duration timeout, String stopSignal)
            throws RuntimeHandlerException {
        phases.put(containerId, Phase.EXITED);
    }

    @Override
    public void removeContainer(String containerId) {
        phases.remove(containerId);
    }

    @Override
    public ContainerState containerState(String containerId) {
        Phase phase = phases.getOrDefault(containerId, Phase.UNKNOWN);
        return new ContainerState(containerId, phase, phase == Phase.RUNNING ? 42 : 0,
                phase == Phase.EXITED ? 0 : -1, Instant.EPOCH, phase == Phase.CREATED ? null : Instant.EPOCH,
                phase == Phase.EXITED ? Instant.now() : null, null, null);
    }

    @Override
    public void stopSandbox(String sandboxId) {
    }

    @Override
    public void removeSandbox(String sandboxId) {
    }
}
