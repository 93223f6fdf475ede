package dev.orca.core.internal.shell;

import static dev.orca.core.internal.shell.ShellFixtures.T0;
import static dev.orca.core.internal.shell.ShellFixtures.container;
import static dev.orca.core.internal.shell.ShellFixtures.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.spi.ContainerState;
import dev.orca.spi.RuntimeFeatures;
import org.junit.jupiter.api.Test;

class NodeViewTest {

    private final RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
    private final NodeView view = new NodeView(handlers, null, null);
    private final ContainerRecord known = container(id("a1"), id("p"), "app", "busybox", "sha256:1", "runc", T0);
    private final ContainerRecord unknown = container(id("a2"), id("p"), "gone", "busybox", "sha256:1", "runc", T0);

    @Test
    void aContainersStateComesFromItsHandlerNow() {
        RuntimeHandlerRegistryAccess.bind(handlers, new ShellFixtures.StatefulHandler("runc", RuntimeFeatures.NONE)
                .with(ShellFixtures.state(known.id(), ContainerState.Phase.RUNNING, -1)), "runc", true, 1);

        assertEquals("RUNNING", view.container(known).stateText());
        assertEquals("unknown: container " + unknown.id() + " is not known to runc",
                view.container(unknown).stateText());
    }

    @Test
    void aContainerOfAHandlerThatIsNotDeployedSaysSo() {
        assertEquals("handler 'runc' not deployed", view.container(known).stateText());
    }
}
