package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A pod is READY while recorded so, unless its handler says the sandbox ended by itself (a VM whose QEMU died). */
class PodReadinessTest {

    private static PodRecord ready(String id) {
        SandboxRequest request = new SandboxRequest(id, "pod", "default", "uid", 0, "pod", "", List.of(), List.of(),
                List.of(), NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD, "", Map.of(), List.of(),
                List.of(), Map.of(), Map.of());
        return PodRecord.creating(request, "vm").madeBy(new SandboxInfo(id, Map.of(), null, null, null, null, ""))
                .ready(List.of("10.0.0.2"));
    }

    private static Optional<HandlerEntry> handler(Boolean running) {
        return Optional.of(new HandlerEntry("vm", new DescribedHandler("vm") {
            @Override
            public boolean sandboxRunning(String sandboxId) {
                if (running == null) {
                    throw new IllegalStateException("cannot tell");
                }
                return running;
            }
        }, false, 0, 0, "pid", 1, 1));
    }

    @Test
    void aSandboxItsHandlerSaysEndedIsNotReady() {
        assertEquals(PodSandboxState.SANDBOX_NOTREADY, PodCalls.readiness(ready("a"), handler(false)));
    }

    @Test
    void aRunningSandboxOrAHandlerAwayOrFailingLeavesTheRecordsWord() {
        assertEquals(PodSandboxState.SANDBOX_READY, PodCalls.readiness(ready("a"), handler(true)));
        assertEquals(PodSandboxState.SANDBOX_READY, PodCalls.readiness(ready("a"), Optional.empty()));
        assertEquals(PodSandboxState.SANDBOX_READY, PodCalls.readiness(ready("a"), handler(null)));
        assertEquals(PodSandboxState.SANDBOX_NOTREADY, PodCalls.readiness(ready("a").stopped(), handler(true)));
    }
}
