package dev.orca.core.internal.shell;

import static dev.orca.core.internal.shell.ShellFixtures.T0;
import static dev.orca.core.internal.shell.ShellFixtures.container;
import static dev.orca.core.internal.shell.ShellFixtures.id;
import static dev.orca.core.internal.shell.ShellFixtures.image;
import static dev.orca.core.internal.shell.ShellFixtures.pod;
import static dev.orca.core.internal.shell.ShellFixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.spi.ContainerState;
import dev.orca.spi.Image;
import dev.orca.spi.RuntimeFeatures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    private final RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
    private NodeState state;
    private final String podId = id("ab12");
    private final String runningId = id("ab34");
    private final String orphanId = id("cd56");
    private final Image busybox = image("sha256:" + id("ef78"), List.of("docker.io/library/busybox:1.36"), 2_000_000);

    @BeforeEach
    void setUp() throws Exception {
        state = new NodeState(root);
        state.putPod(pod(podId, "shop", "web", "runc", T0, List.of("10.85.0.7")));
        state.putContainer(container(runningId, podId, "app", "busybox:1.36", busybox.id(), "runc", T0));
        state.putContainer(container(orphanId, podId, "vm", "busybox:1.36", busybox.id(), "kata", T0));
        RuntimeHandlerRegistryAccess.bind(handlers, new ShellFixtures.StatefulHandler("runc", RuntimeFeatures.NONE)
                .with(state(runningId, ContainerState.Phase.RUNNING, -1)), "runc", true, 1);
    }

    private JsonNode inspect(String query) throws Exception {
        return JSON.readTree(new Inspection(new NodeView(handlers, state, new ListedImages(busybox))).of(query));
    }

    @Test
    void aContainerByPrefixShowsItsRecordAndTheStateItsHandlerGivesNow() throws Exception {
        JsonNode container = inspect("ab34");

        assertEquals("container", container.get("kind").asText());
        assertEquals(runningId, container.get("id").asText());
        assertEquals("RUNNING", container.get("state").get("phase").asText());
        assertEquals(42, container.get("state").get("pid").asInt());
        assertEquals("busybox:1.36", container.get("record").get("image").asText());
        assertEquals("/var/log/pods/x.log", container.get("record").get("logPath").asText());
        assertEquals("2024-05-01T10:00:00.123Z", container.get("record").get("createdAt").asText());
    }

    @Test
    void aContainerWhoseHandlerIsNotDeployedSaysSoInsteadOfAState() throws Exception {
        assertEquals("handler 'kata' not deployed", inspect("cd").get("state").asText());
    }

    @Test
    void aPodShowsItsRecordItsHandlerAndItsContainersStates() throws Exception {
        JsonNode pod = inspect(podId);

        assertEquals("pod", pod.get("kind").asText());
        assertEquals("deployed", pod.get("handler").asText());
        assertEquals("shop", pod.get("record").get("request").get("namespace").asText());
        assertEquals("10.85.0.7", pod.get("record").get("ips").get(0).asText());
        assertEquals(2, pod.get("containers").size());
        assertTrue(pod.get("containers").toString().contains("handler 'kata' not deployed"), pod.toString());
    }

    @Test
    void anImageByIdPrefixOrTagShowsTheContainersUsingIt() throws Exception {
        JsonNode byPrefix = inspect("sha256:ef7");
        JsonNode byTag = inspect("docker.io/library/busybox:1.36");

        assertEquals("image", byPrefix.get("kind").asText());
        assertEquals(busybox.id(), byPrefix.get("id").asText());
        assertEquals(2, byPrefix.get("usedBy").size());
        assertEquals(busybox.id(), byTag.get("id").asText());
    }

    @Test
    void anAmbiguousPrefixNamesWhatItMatches() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inspect("ab"));

        assertTrue(e.getMessage().contains("\"ab\" is ambiguous"), e.getMessage());
        assertTrue(e.getMessage().contains("pod " + podId) && e.getMessage().contains("container " + runningId),
                e.getMessage());
    }

    @Test
    void anUnknownIdIsRefusedNamingWhatIsAway() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Inspection(new NodeView(handlers, null, null)).of(podId));

        assertEquals("no pod, container or image has the ID or prefix \"" + podId + "\" (" + NodeView.NO_STATE + "; "
                + NodeView.NO_IMAGES + ")", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> inspect(" "));
    }
}
