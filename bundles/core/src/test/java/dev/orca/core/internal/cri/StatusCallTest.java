package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.cri.v1.RuntimeCondition;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StatusResponse;
import dev.orca.spi.RuntimeFeatures;
import dev.orca.spi.RuntimeHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCallTest {

    private final RuntimeHandlerRegistry registry = new RuntimeHandlerRegistry();
    private final StatusCall status = new StatusCall(registry, () -> null);

    private static RuntimeHandler handler(RuntimeFeatures features) {
        return new DescribedHandler("test runtime", features);
    }

    private static RuntimeCondition condition(StatusResponse response, String type) {
        return response.getStatus().getConditionsList().stream().filter(c -> c.getType().equals(type))
                .findFirst().orElseThrow();
    }

    @Test
    void withoutHandlersTheRuntimeIsNotReadyAndSaysWhy() {
        StatusResponse response = status.answer(StatusRequest.getDefaultInstance());

        RuntimeCondition runtime = condition(response, "RuntimeReady");
        assertFalse(runtime.getStatus());
        assertTrue(runtime.getMessage().contains("no runtime handler is deployed"), runtime.getMessage());
        RuntimeCondition network = condition(response, "NetworkReady");
        assertFalse(network.getStatus());
        assertEquals("NetworkPluginNotReady", network.getReason());
        assertEquals(0, response.getRuntimeHandlersCount());
    }

    @Test
    void theDefaultHandlerIsListedUnderTheEmptyNameAndItsOwn() {
        RuntimeHandlerRegistryAccess.bind(registry, handler(new RuntimeFeatures(true, false)), "runc", true, 1);
        RuntimeHandlerRegistryAccess.bind(registry, handler(new RuntimeFeatures(false, true)), "crun", false, 2);

        StatusResponse response = status.answer(StatusRequest.newBuilder().setVerbose(true).build());

        assertTrue(condition(response, "RuntimeReady").getStatus());
        assertEquals(List.of("", "crun", "runc"),
                response.getRuntimeHandlersList().stream().map(dev.orca.cri.v1.RuntimeHandler::getName).toList());
        assertTrue(response.getRuntimeHandlers(0).getFeatures().getRecursiveReadOnlyMounts());
        assertTrue(response.getRuntimeHandlers(1).getFeatures().getUserNamespaces());
        assertTrue(response.getInfoMap().get("handlers").contains("runc (default): test runtime"));
    }

    @Test
    void handlersWithoutADefaultLeaveTheRuntimeNotReady() {
        RuntimeHandlerRegistryAccess.bind(registry, handler(RuntimeFeatures.NONE), "crun", false, 1);

        RuntimeCondition runtime = condition(status.answer(StatusRequest.getDefaultInstance()), "RuntimeReady");

        assertFalse(runtime.getStatus());
        assertTrue(runtime.getMessage().contains("deployed: crun"), runtime.getMessage());
    }

    @Test
    void theVerboseAnswerSaysWhetherSeccompAndAppArmorAreEnforcedHere() {
        StatusCall withProfiles = new StatusCall(registry, () -> null, type -> type.equals("apparmor")
                ? java.util.Optional.of(new dev.orca.spi.security.ProfileSupport(false, "the kernel has no AppArmor"))
                : java.util.Optional.empty());

        StatusResponse response = withProfiles.answer(StatusRequest.newBuilder().setVerbose(true).build());

        assertEquals("not available: the kernel has no AppArmor", response.getInfoMap().get("apparmor"));
        assertEquals("no seccomp profile provider is deployed", response.getInfoMap().get("seccomp"));
        assertTrue(response.getFeatures().getSupplementalGroupsPolicy());
    }
}
