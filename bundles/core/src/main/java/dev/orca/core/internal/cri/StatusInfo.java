package dev.orca.core.internal.cri;

import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.spi.NetworkStatus;
import dev.orca.spi.PodNetwork;
import dev.orca.spi.RuntimeFeatures;
import dev.orca.spi.policy.ImagePolicy;
import dev.orca.spi.policy.PolicyInForce;
import dev.orca.spi.security.ProfileSupport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code info} of a verbose {@code Status} ({@code crictl info}): one JSON object per key — {@code handlers}
 * (each handler deployed, offered or not and why; {@code default} for the one pods naming none get, and
 * {@code defaultCandidate} for every one whose configuration offers it as the default), {@code network} (the pod network bundle's word) and one per
 * profile type ({@code seccomp}, {@code apparmor}: whether a provider is deployed and the node enforces it) and
 * {@code imagePolicy} (the signature policy in force, or that none is and pulls are not verified).
 */
final class StatusInfo {

    private StatusInfo() {
    }

    static Map<String, String> of(List<HandlerEntry> offered, List<HandlerEntry> unavailable,
            Optional<HandlerEntry> chosenDefault, PodNetwork network, Map<String, Optional<ProfileSupport>> profiles,
            ImagePolicy policy) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("handlers", VerboseInfo.json(handlers(offered, unavailable, chosenDefault)));
        info.put("network", VerboseInfo.json(network(network)));
        profiles.forEach((type, support) -> info.put(type, VerboseInfo.json(profile(type, support))));
        info.put("imagePolicy", VerboseInfo.json(imagePolicy(policy)));
        return info;
    }

    private static Map<String, Object> handlers(List<HandlerEntry> offered, List<HandlerEntry> unavailable,
            Optional<HandlerEntry> chosenDefault) {
        Map<String, Object> handlers = new LinkedHashMap<>();
        for (HandlerEntry h : offered) {
            Map<String, Object> handler = new LinkedHashMap<>();
            handler.put("default", chosenDefault.orElse(null) == h);
            handler.put("defaultCandidate", h.isDefault());
            handler.put("offered", true);
            handler.put("runtime", h.handler().describe());
            RuntimeFeatures features = h.handler().features();
            handler.put("features", Map.of("recursiveReadOnlyMounts", features.recursiveReadOnlyMounts(),
                    "userNamespaces", features.userNamespaces()));
            handlers.put(h.name(), handler);
        }
        for (HandlerEntry h : unavailable) {
            Map<String, Object> handler = new LinkedHashMap<>();
            handler.put("default", false);
            handler.put("defaultCandidate", h.isDefault());
            handler.put("offered", false);
            handler.put("reason", h.handler().unavailability().orElse(""));
            handlers.putIfAbsent(h.name(), handler);
        }
        return handlers;
    }

    private static Map<String, Object> network(PodNetwork network) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("deployed", network != null);
        if (network == null) {
            info.put("ready", false);
            info.put("message", "no pod network bundle is deployed");
            return info;
        }
        NetworkStatus status = network.status();
        info.put("ready", status.ready());
        info.put("reason", status.reason());
        info.put("message", status.message());
        return info;
    }

    private static Map<String, Object> imagePolicy(ImagePolicy policy) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("deployed", policy != null);
        if (policy == null) {
            info.put("detail", "no signature bundle deployed: no verification");
            return info;
        }
        PolicyInForce inForce;
        try {
            inForce = policy.inForce();
        } catch (RuntimeException e) {
            inForce = new PolicyInForce("unknown", false, "the image policy cannot tell what it enforces",
                    Map.of());
        }
        info.put("policy", inForce.source());
        info.put("usable", inForce.usable());
        info.put("detail", inForce.detail());
        info.put("namespaces", new java.util.TreeMap<>(inForce.namespaces()));
        return info;
    }

    private static Map<String, Object> profile(String type, Optional<ProfileSupport> support) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("providerDeployed", support.isPresent());
        info.put("enabled", support.map(ProfileSupport::enabled).orElse(false));
        info.put("detail", support.map(ProfileSupport::detail)
                .orElse("no " + type + " profile provider is deployed"));
        return info;
    }
}
