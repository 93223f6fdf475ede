package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    static JsonNode json(String document) {
        try {
            return new ObjectMapper().readTree(document);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + document, e);
        }
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
        JsonNode handlers = json(response.getInfoMap().get("handlers"));
        assertTrue(handlers.path("runc").path("default").asBoolean(), handlers.toString());
        assertEquals("test runtime", handlers.path("runc").path("runtime").asText());
        assertFalse(handlers.path("crun").path("default").asBoolean(true), handlers.toString());
        assertTrue(handlers.path("crun").path("features").path("userNamespaces").asBoolean(), handlers.toString());
    }

    @Test
    void everyVerboseValueIsAJsonObjectAsCrictlParsesIt() {
        RuntimeHandlerRegistryAccess.bind(registry, handler(RuntimeFeatures.NONE), "runc", true, 1);

        StatusResponse response = status.answer(StatusRequest.newBuilder().setVerbose(true).build());

        assertEquals(java.util.Set.of("handlers", "network", "seccomp", "apparmor"), response.getInfoMap().keySet());
        response.getInfoMap().forEach((key, value) -> assertTrue(json(value).isObject(), key + ": " + value));
        JsonNode network = json(response.getInfoMap().get("network"));
        assertFalse(network.path("deployed").asBoolean(true), network.toString());
        assertEquals("no pod network bundle is deployed", network.path("message").asText());
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

        JsonNode apparmor = json(response.getInfoMap().get("apparmor"));
        assertTrue(apparmor.path("providerDeployed").asBoolean(), apparmor.toString());
        assertFalse(apparmor.path("enabled").asBoolean(true), apparmor.toString());
        assertEquals("the kernel has no AppArmor", apparmor.path("detail").asText());
        JsonNode seccomp = json(response.getInfoMap().get("seccomp"));
        assertFalse(seccomp.path("providerDeployed").asBoolean(true), seccomp.toString());
        assertEquals("no seccomp profile provider is deployed", seccomp.path("detail").asText());
        assertTrue(response.getFeatures().getSupplementalGroupsPolicy());
    }
}
