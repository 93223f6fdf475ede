package dev.orca.core.internal.shell;

import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.ContainerState;
import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.RuntimeFeatures;
import dev.orca.spi.SandboxRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods, containers, images and handlers as the shell's tests need them. */
final class ShellFixtures {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123Z");

    private ShellFixtures() {
    }

    /** A 64-digit ID that starts with {@code prefix}. */
    static String id(String prefix) {
        return (prefix + "0".repeat(64)).substring(0, 64);
    }

    static PodRecord pod(String id, String namespace, String name, String handler, Instant created,
            List<String> ips) {
        SandboxRequest request = new SandboxRequest(id, name, namespace, "uid-" + name, 0, name, "", List.of(),
                List.of(), List.of(), NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD, "", Map.of(), List.of(),
                List.of(), Map.of(), Map.of());
        return new PodRecord(request, null, handler, PodRecord.Phase.READY, created, ips);
    }

    static ContainerRecord container(String id, String podId, String name, String image, String imageId,
            String handler, Instant created) {
        return new ContainerRecord(id, podId, name, 0, image, imageId, imageId, handler, Path.of("/var/log/pods/x.log"),
                Map.of(), Map.of(), List.of(), created, null, null, false);
    }

    static Image image(String id, List<String> tags, long size) {
        return new Image(id, tags, List.of(), size, List.of(), ImageConfig.EMPTY, T0);
    }

    static ContainerState state(String id, ContainerState.Phase phase, int exitCode) {
        return new ContainerState(id, phase, phase == ContainerState.Phase.RUNNING ? 42 : 0, exitCode, T0, T0, null,
                "", "");
    }

    /** A handler that knows the states of given containers and fails (as a broken handler might) for any other. */
    static final class StatefulHandler extends DescribedHandler {

        private final Map<String, ContainerState> states = new HashMap<>();

        StatefulHandler(String description, RuntimeFeatures features) {
            super(description, features);
        }

        StatefulHandler with(ContainerState state) {
            states.put(state.id(), state);
            return this;
        }

        @Override
        public ContainerState containerState(String containerId) {
            ContainerState state = states.get(containerId);
            if (state == null) {
                throw new IllegalStateException("container " + containerId + " is not known to runc");
            }
            return state;
        }
    }
}
