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
import dev.orca.spi.policy.ImagePolicy;
import dev.orca.spi.policy.PolicyInForce;
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
    void ofTwoDefaultCandidatesOnlyTheOneChosenIsTheDefault() {
        // equal rankings: the older service serves
        RuntimeHandlerRegistryAccess.bind(registry, handler(RuntimeFeatures.NONE), "crun", true, 1);
        RuntimeHandlerRegistryAccess.bind(registry, handler(RuntimeFeatures.NONE), "runc", true, 2);

        JsonNode handlers = json(status.answer(StatusRequest.newBuilder().setVerbose(true).build()).getInfoMap()
                .get("handlers"));

        assertTrue(handlers.path("crun").path("default").asBoolean(), handlers.toString());
        assertTrue(handlers.path("crun").path("defaultCandidate").asBoolean(), handlers.toString());
        assertFalse(handlers.path("runc").path("default").asBoolean(true), handlers.toString());
        assertTrue(handlers.path("runc").path("defaultCandidate").asBoolean(), handlers.toString());
    }

    @Test
    void everyVerboseValueIsAJsonObjectAsCrictlParsesIt() {
        RuntimeHandlerRegistryAccess.bind(registry, handler(RuntimeFeatures.NONE), "runc", true, 1);

        StatusResponse response = status.answer(StatusRequest.newBuilder().setVerbose(true).build());

        assertEquals(java.util.Set.of("handlers", "network", "seccomp", "apparmor", "imagePolicy"),
                response.getInfoMap().keySet());
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
                : java.util.Optional.empty(), () -> null);

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

    @Test
    void withoutASignatureBundleTheVerboseAnswerSaysPullsAreNotVerified() {
        JsonNode policy = json(status.answer(StatusRequest.newBuilder().setVerbose(true).build()).getInfoMap()
                .get("imagePolicy"));

        assertFalse(policy.path("deployed").asBoolean(true), policy.toString());
        assertEquals("no signature bundle deployed: no verification", policy.path("detail").asText());
    }

    @Test
    void theVerboseAnswerNamesThePolicyInForceAndWhetherItIsUsable() {
        PolicyInForce[] inForce = {new PolicyInForce("/etc/containers/policy.json", true,
                "default: reject; docker reg:5000: signedBy(GPGKeys /k.gpg, matchRepoDigestOrExact)",
                java.util.Map.of("team-a", "/etc/orca/policies/team-a.json"))};
        ImagePolicy deployed = new ImagePolicy() {
            @Override
            public Decision check(dev.orca.spi.policy.PolicyRequest request) {
                throw new AssertionError("Status must not ask for a decision");
            }

            @Override
            public PolicyInForce inForce() {
                return inForce[0];
            }
        };
        StatusCall withPolicy = new StatusCall(registry, () -> null, type -> java.util.Optional.empty(),
                () -> deployed);

        JsonNode policy = json(withPolicy.answer(StatusRequest.newBuilder().setVerbose(true).build()).getInfoMap()
                .get("imagePolicy"));
        assertTrue(policy.path("deployed").asBoolean(), policy.toString());
        assertEquals("/etc/containers/policy.json", policy.path("policy").asText());
        assertTrue(policy.path("usable").asBoolean(), policy.toString());
        assertEquals("/etc/orca/policies/team-a.json", policy.path("namespaces").path("team-a").asText());

        inForce[0] = new PolicyInForce("/etc/containers/policy.json", false,
                "/etc/containers/policy.json line 3: unexpected character", java.util.Map.of());
        JsonNode broken = json(withPolicy.answer(StatusRequest.newBuilder().setVerbose(true).build()).getInfoMap()
                .get("imagePolicy"));
        assertFalse(broken.path("usable").asBoolean(true), broken.toString());
        assertTrue(broken.path("detail").asText().contains("line 3"), broken.toString());
    }
}
