package dev.orca.core.internal.shell;

import static dev.orca.core.internal.shell.ShellFixtures.T0;
import static dev.orca.core.internal.shell.ShellFixtures.container;
import static dev.orca.core.internal.shell.ShellFixtures.id;
import static dev.orca.core.internal.shell.ShellFixtures.image;
import static dev.orca.core.internal.shell.ShellFixtures.pod;
import static dev.orca.core.internal.shell.ShellFixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.spi.ContainerState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pods, containers and images tables, line by line. */
class TablesTest {

    @Test
    void podsAreListedOldestFirstWithTheirContainerCount() {
        String web = id("aaaa");
        String db = id("bbbb");
        String table = PodTable.of(
                List.of(pod(web, "shop", "web", "runc", T0.plusSeconds(60), List.of("10.85.0.7")),
                        pod(db, "shop", "db", "crun", T0, List.of())),
                List.of(container(id("c1"), web, "app", "busybox", "sha256:1", "runc", T0),
                        container(id("c2"), web, "side", "busybox", "sha256:1", "runc", T0)),
                pod -> pod.id().equals(db) ? new java.util.LinkedHashMap<>(java.util.Map.of("qemuPid", "4242"))
                        : java.util.Map.of());

        assertEquals("""
                POD ID         NAMESPACE/NAME  STATE  HANDLER  IPS        CREATED               CONTAINERS  DETAILS
                bbbb000000000  shop/db         READY  crun     -          2024-05-01T10:00:00Z  0           qemuPid=4242
                aaaa000000000  shop/web        READY  runc     10.85.0.7  2024-05-01T10:01:00Z  2""", table);
    }

    @Test
    void containersShowTheStateTheirHandlerGivesOrWhyItCannot() {
        ContainerRecord app = container(id("c1"), id("aaaa"), "app", "busybox:1", "sha256:1", "runc", T0);
        ContainerRecord vm = container(id("c2"), id("aaaa"), "vm", "busybox:1", "sha256:1", "kata", T0.plusSeconds(1));
        String table = ContainerTable.of(List.of(
                ContainerView.unanswered(vm, "handler 'kata' not deployed"),
                ContainerView.live(app, state(app.id(), ContainerState.Phase.EXITED, 137))));

        assertEquals("""
                CONTAINER ID   POD ID         NAME  ATTEMPT  IMAGE      STATE                        HANDLER
                c100000000000  aaaa000000000  app   0        busybox:1  EXITED (137)                 runc
                c200000000000  aaaa000000000  vm    0        busybox:1  handler 'kata' not deployed  kata""", table);
    }

    @Test
    void imagesShowTheirTagsAndSize() {
        String table = ImageTable.of(List.of(
                image("sha256:" + id("f00d"), List.of("docker.io/library/busybox:1.36", "docker.io/library/busybox:latest"), 2_160_000),
                image("sha256:" + id("beef"), List.of("127.0.0.1:5000/app:1"), 812)));

        assertEquals("""
                IMAGE ID       TAGS                                                             SIZE
                beef000000000  127.0.0.1:5000/app:1                                             812 B
                f00d000000000  docker.io/library/busybox:1.36,docker.io/library/busybox:latest  2.2 MB""", table);
    }

    @Test
    void emptyListsSaySo() {
        assertEquals("no pods", PodTable.of(List.of(), List.of(), pod -> java.util.Map.of()));
        assertEquals("no containers", ContainerTable.of(List.of()));
        assertEquals("no images", ImageTable.of(List.of()));
    }
}
