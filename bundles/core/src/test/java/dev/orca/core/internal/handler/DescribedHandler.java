package dev.orca.core.internal.handler;

import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ExecResult;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeFeatures;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import dev.orca.spi.oci.OciResources;
import java.time.Duration;
import java.util.List;

/**
 * A handler that only describes itself: what registry and Status tests need; it runs nothing. Tests that need one
 * call to work override it.
 */
public class DescribedHandler implements RuntimeHandler {

    private final String description;
    private final RuntimeFeatures features;

    public DescribedHandler(String description, RuntimeFeatures features) {
        this.description = description;
        this.features = features;
    }

    public DescribedHandler(String description) {
        this(description, RuntimeFeatures.NONE);
    }

    @Override
    public RuntimeFeatures features() {
        return features;
    }

    @Override
    public String describe() {
        return description;
    }

    private static UnsupportedOperationException runsNothing() {
        return new UnsupportedOperationException("a described handler runs nothing");
    }

    @Override
    public SandboxInfo runSandbox(SandboxRequest request) {
        throw runsNothing();
    }

    @Override
    public void stopSandbox(String sandboxId) {
        throw runsNothing();
    }

    @Override
    public void removeSandbox(String sandboxId) {
        throw runsNothing();
    }

    @Override
    public ContainerState createContainer(ContainerRequest request) {
        throw runsNothing();
    }

    @Override
    public void startContainer(String containerId) {
        throw runsNothing();
    }

    @Override
    public void stopContainer(String containerId, Duration timeout, String stopSignal) throws dev.orca.spi.RuntimeHandlerException {
        throw runsNothing();
    }

    @Override
    public void removeContainer(String containerId) {
        throw runsNothing();
    }

    @Override
    public ContainerState containerState(String containerId) {
        throw runsNothing();
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout, int maxOutputBytes) {
        throw runsNothing();
    }

    @Override
    public void updateResources(String containerId, OciResources resources) {
        throw runsNothing();
    }

    @Override
    public ResourceUsage containerUsage(String containerId) {
        throw runsNothing();
    }

    @Override
    public ResourceUsage sandboxUsage(String sandboxId) {
        throw runsNothing();
    }

    @Override
    public void reopenLog(String containerId) {
        throw runsNothing();
    }
}
