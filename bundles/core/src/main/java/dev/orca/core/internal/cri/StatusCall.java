package dev.orca.core.internal.cri;

import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.wait.Startup;
import dev.orca.cri.v1.RuntimeCondition;
import dev.orca.cri.v1.RuntimeFeatures;
import dev.orca.cri.v1.RuntimeHandlerFeatures;
import dev.orca.cri.v1.RuntimeStatus;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StatusResponse;
import dev.orca.spi.policy.ImagePolicy;
import dev.orca.spi.security.ProfileSupport;
import dev.orca.spi.security.SecurityProfileProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code Status}: the RuntimeReady and NetworkReady conditions and the handlers deployed right now.
 *
 * <p>The runtime is ready when a default handler and the image store are deployed: without them, the kubelet's pods
 * (which mostly name no handler) could not run; the network is ready when a pod network is deployed and says it is.
 * While the node starts ({@link Startup}) a missing part is said to be awaited. The list of handlers carries the
 * default once more under the empty name, as the CRI defines it. The verbose answer is {@link StatusInfo}.
 */
final class StatusCall {

    static final String RUNTIME_READY = "RuntimeReady";
    static final String NETWORK_READY = "NetworkReady";

    private final RuntimeHandlerRegistry handlers;
    private final NodeParts parts;
    private final java.util.function.Supplier<dev.orca.spi.PodNetwork> network;
    private final java.util.function.Function<String, Optional<ProfileSupport>> profiles;
    private final java.util.function.Supplier<ImagePolicy> policy;

    /** @param network the deployed pod network, or null when none is */
    StatusCall(RuntimeHandlerRegistry handlers, java.util.function.Supplier<dev.orca.spi.PodNetwork> network) {
        this(handlers, network, type -> Optional.empty(), () -> null);
    }

    /**
     * @param profiles the support of the deployed profile provider of a type, empty when none is deployed
     * @param policy the deployed image policy, or null when none is
     */
    StatusCall(RuntimeHandlerRegistry handlers, java.util.function.Supplier<dev.orca.spi.PodNetwork> network,
            java.util.function.Function<String, Optional<ProfileSupport>> profiles,
            java.util.function.Supplier<ImagePolicy> policy) {
        this(handlers, NodeParts.started(network), profiles, policy);
    }

    StatusCall(RuntimeHandlerRegistry handlers, NodeParts parts,
            java.util.function.Function<String, Optional<ProfileSupport>> profiles,
            java.util.function.Supplier<ImagePolicy> policy) {
        this.handlers = handlers;
        this.parts = parts;
        this.network = parts.network();
        this.profiles = profiles;
        this.policy = policy;
    }

    StatusResponse answer(StatusRequest request) {
        List<HandlerEntry> deployed = handlers.handlers();
        Optional<HandlerEntry> defaultHandler = handlers.defaultHandler();
        StatusResponse.Builder response = StatusResponse.newBuilder()
                .setStatus(RuntimeStatus.newBuilder()
                        .addConditions(runtimeCondition(deployed, defaultHandler))
                        .addConditions(networkCondition(network.get())))
                .setFeatures(RuntimeFeatures.newBuilder().setSupplementalGroupsPolicy(true));
        defaultHandler.ifPresent(d -> response.addRuntimeHandlers(handlerMessage("", d)));
        deployed.forEach(h -> response.addRuntimeHandlers(handlerMessage(h.name(), h)));
        if (request.getVerbose()) {
            Map<String, Optional<ProfileSupport>> support = new LinkedHashMap<>();
            for (String type : List.of(SecurityProfileProvider.SECCOMP, SecurityProfileProvider.APPARMOR)) {
                support.put(type, profiles.apply(type));
            }
            response.putAllInfo(StatusInfo.of(deployed, handlers.unavailable(), defaultHandler, network.get(), support,
                    policy.get()));
        }
        return response.build();
    }

    private RuntimeCondition runtimeCondition(List<HandlerEntry> deployed, Optional<HandlerEntry> dflt) {
        RuntimeCondition.Builder condition = RuntimeCondition.newBuilder().setType(RUNTIME_READY);
        boolean images = parts.imageStore().getAsBoolean();
        if (dflt.isPresent() && images) {
            return condition.setStatus(true).build();
        }
        List<String> missing = new java.util.ArrayList<>();
        if (dflt.isEmpty()) {
            missing.add(deployed.isEmpty()
                    ? "no runtime handler is deployed: install a runtime bundle and its handler configuration"
                    : "no default runtime handler is deployed (deployed: "
                            + deployed.stream().map(HandlerEntry::name).collect(Collectors.joining(", ")) + ")");
        }
        if (!images) {
            missing.add("no image store is deployed: install the images feature");
        }
        return condition.setStatus(false).setReason(dflt.isEmpty() ? "NoDefaultRuntimeHandler" : "NoImageStore")
                .setMessage(String.join("; ", missing) + starting()).build();
    }

    /** What the messages add while the node starts: calls wait for the missing part. */
    private String starting() {
        java.time.Duration left = parts.startup().left();
        return left.isZero() ? "" : " (the node is starting: calls that need it wait for it up to "
                + Math.max(1, (left.toMillis() + 999) / 1000) + " s more)";
    }

    private RuntimeCondition networkCondition(dev.orca.spi.PodNetwork deployed) {
        if (deployed != null) {
            dev.orca.spi.NetworkStatus status = deployed.status();
            return RuntimeCondition.newBuilder().setType(NETWORK_READY).setStatus(status.ready())
                    .setReason(status.reason()).setMessage(status.message()).build();
        }
        return RuntimeCondition.newBuilder()
                .setType(NETWORK_READY)
                .setStatus(false)
                .setReason("NetworkPluginNotReady")
                .setMessage("no pod network bundle is deployed" + starting())
                .build();
    }

    private static dev.orca.cri.v1.RuntimeHandler handlerMessage(String name, HandlerEntry entry) {
        dev.orca.spi.RuntimeFeatures features = entry.handler().features();
        return dev.orca.cri.v1.RuntimeHandler.newBuilder()
                .setName(name)
                .setFeatures(RuntimeHandlerFeatures.newBuilder()
                        .setRecursiveReadOnlyMounts(features.recursiveReadOnlyMounts())
                        .setUserNamespaces(features.userNamespaces()))
                .build();
    }
}
