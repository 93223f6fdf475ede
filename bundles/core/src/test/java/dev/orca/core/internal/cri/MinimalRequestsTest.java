package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.spec.ContainerSettings;
import dev.orca.core.internal.spec.ProfileChoice;
import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.PortMapping;
import dev.orca.spi.SandboxRequest;
import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests with every optional field absent, as crictl and other clients send them: served, or refused clearly. */
class MinimalRequestsTest {

    private static Status refusal(Runnable call) {
        return StatusMapping.toStatus(assertThrows(CriFailure.class, call::run)).getStatus();
    }

    @Test
    void aContainerWithOnlyANameAndAnImageGetsTheDefaults() {
        ContainerSettings settings = ContainerTranslation.toSettings(ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("bare"))
                .setImage(ImageSpec.newBuilder().setImage("busybox")).build(), Map.of(), "runc");

        assertEquals("bare", settings.name());
        assertEquals(dev.orca.spi.NamespaceMode.POD, settings.pidMode());
        assertEquals(ProfileChoice.UNCONFINED, settings.seccomp(), "an absent profile is unconfined, as the CRI says");
        assertTrue(settings.command().isEmpty() && settings.mounts().isEmpty());
    }

    @Test
    void aContainerWithoutAnImageIsRefusedNamingIt() {
        Status status = refusal(() -> ContainerTranslation.toSettings(ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("imageless")).build(), Map.of(), "runc"));

        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("container \"imageless\": no image", status.getDescription());
    }

    @Test
    void anAbsentContainerConfigIsRefusedForItsMissingName() {
        Status status = refusal(() -> ContainerTranslation.toSettings(ContainerConfig.getDefaultInstance(), Map.of(),
                "runc"));

        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertTrue(status.getDescription().contains("no name"), status.getDescription());
    }

    @Test
    void aPodWithOnlyItsMetadataBecomesASandboxRequest() {
        SandboxRequest request = SandboxTranslation.toRequest("id", PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setNamespace("default").setUid("u1"))
                .build());

        assertEquals("web", request.name());
        assertEquals("", request.logDirectory());
        assertEquals(dev.orca.spi.NamespaceMode.POD, request.network());
    }

    @Test
    void aPortProtocolThisVersionDoesNotKnowIsRefusedNotHandedToCni() {
        Status status = refusal(() -> SandboxTranslation.toRequest("id", PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setNamespace("default").setUid("u1"))
                .addPortMappings(PortMapping.newBuilder().setContainerPort(80).setHostPort(8080).setProtocolValue(7))
                .build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("pod \"web\": port mapping 8080 -> 80 has protocol 7, not TCP, UDP or SCTP",
                status.getDescription());
    }

    @Test
    void anEmptyIdIsRefusedNamingWhatItShouldName() {
        assertDoesNotThrow(() -> RuntimeErrors.requireId("4f2a", "pod sandbox"));

        Status status = refusal(() -> RuntimeErrors.requireId("", "pod sandbox"));

        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("the pod sandbox ID is empty", status.getDescription());
    }
}
