package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.CheckpointContainerRequest;
import dev.orca.cri.v1.RuntimeCondition;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StatusResponse;
import dev.orca.cri.v1.VersionRequest;
import dev.orca.cri.v1.VersionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRI endpoint of a daemon started with bin/orca, seen by a gRPC client over the unix socket. */
class CriEndpointIT {

    @TempDir
    static Path dir;
    static OrcaDaemon orca;

    @BeforeAll
    static void start() throws Exception {
        orca = new OrcaDaemon(dir);
        java.nio.file.Files.delete(orca.network().confDir().resolve("10-e2e.conflist"));
        orca.start();
        // The shipped handlers arrive through deploy/ a moment after the socket answers.
        new CriPods(orca, "", dir).awaitDefaultHandler();
    }

    @AfterAll
    static void stop() throws Exception {
        orca.close();
    }

    @Test
    void versionNamesOrcaAndApiV1() {
        VersionResponse version = orca.runtime().version(VersionRequest.newBuilder().setVersion("v1").build());

        assertEquals("orca", version.getRuntimeName());
        assertEquals("v1", version.getRuntimeApiVersion());
        assertEquals("0.1.0", version.getVersion());
        assertEquals("0.1.0-SNAPSHOT", version.getRuntimeVersion());
    }

    @Test
    void statusReportsTheShippedHandlerAndWhyTheNetworkIsNotReady() throws InterruptedException {
        StatusResponse status = orca.runtime().status(StatusRequest.newBuilder().setVerbose(true).build());
        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((status.getRuntimeHandlersCount() < 5
                || !status.getStatus().getConditions(1).getMessage().contains(orca.network().confDir().toString()))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = orca.runtime().status(StatusRequest.newBuilder().setVerbose(true).build());
        }

        RuntimeCondition runtime = status.getStatus().getConditions(0);
        assertEquals("RuntimeReady", runtime.getType());
        assertTrue(runtime.getStatus(), runtime.toString());
        RuntimeCondition network = status.getStatus().getConditions(1);
        assertEquals("NetworkReady", network.getType());
        assertFalse(network.getStatus(), "no CNI network is configured");
        assertTrue(network.getMessage().contains(orca.network().confDir().toString()), network.getMessage());
        assertFalse(network.getReason().isBlank() || network.getMessage().isBlank(), network.toString());
        assertEquals(List.of("", "crun", "runc", "runsc", "vm"), status.getRuntimeHandlersList().stream()
                .map(dev.orca.cri.v1.RuntimeHandler::getName).toList());
        String handlers = status.getInfoMap().get("handlers");
        assertTrue(handlers.contains("\"crun\":{\"default\":true,\"defaultCandidate\":true,\"offered\":true,"
                + "\"runtime\":\"/usr/bin/crun"), "crun is the default where it is installed: " + handlers);
        assertTrue(handlers.contains("\"runc\":{\"default\":false,\"defaultCandidate\":true,\"offered\":true,"
                + "\"runtime\":\"/usr/sbin/runc"), "runc would be the default without crun: " + handlers);
        assertTrue(handlers.contains("\"runsc\":{\"default\":false,\"defaultCandidate\":false,"), handlers);
    }

    @Test
    void aCallNotImplementedIsUnimplementedAndNamed() {
        // Checkpointing is the one CRI call Orca does not do.
        StatusRuntimeException checkpoint = assertThrows(StatusRuntimeException.class,
                () -> orca.runtime().checkpointContainer(CheckpointContainerRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNIMPLEMENTED, checkpoint.getStatus().getCode());
        assertTrue(checkpoint.getStatus().getDescription().contains("runtime.v1.RuntimeService/CheckpointContainer"));
    }

    @Test
    void aPodWithoutAHandlerIsRefusedListingTheHandlers() throws InterruptedException {
        // Each shipped handler arrives through deploy/ on its own; the list is complete once all four are there.
        orca.awaitHandlers(java.util.Set.of("runc", "crun", "runsc", "vm"));
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> orca.runtime().runPodSandbox(dev.orca.cri.v1.RunPodSandboxRequest.newBuilder()
                        .setConfig(dev.orca.cri.v1.PodSandboxConfig.newBuilder().setMetadata(
                                dev.orca.cri.v1.PodSandboxMetadata.newBuilder().setName("p").setNamespace("n")
                                        .setUid("u"))).setRuntimeHandler("kata").build()));

        assertEquals(Status.Code.NOT_FOUND, error.getStatus().getCode());
        assertEquals("runtime handler 'kata' is not known; available: crun, runc, runsc, vm",
                error.getStatus().getDescription());
    }

    @Test
    void theSocketIsRootsWithMode0660() throws Exception {
        PosixFileAttributes attributes = Files.readAttributes(orca.socket(), PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);

        assertTrue(attributes.isOther(), "a socket");
        assertEquals("rw-rw----", PosixFilePermissions.toString(attributes.permissions()));
        assertEquals("root", attributes.owner().getName());
    }
}
