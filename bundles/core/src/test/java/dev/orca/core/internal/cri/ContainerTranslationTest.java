package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.Mount;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths with a NUL character (found by CriTranslationFuzzTest): refused as bad requests, not InvalidPathException. */
class ContainerTranslationTest {

    private static final ContainerConfig APP = ContainerConfig.newBuilder()
            .setMetadata(ContainerMetadata.newBuilder().setName("app"))
            .setImage(ImageSpec.newBuilder().setImage("busybox")).build();

    @Test
    void aLogPathWithANulCharacterIsABadRequest() {
        CriFailure e = assertThrows(CriFailure.class, () -> ContainerTranslation.logPath("/var/log/pods/p", "a\0.log",
                "app"));
        assertEquals(CriFailure.Kind.INVALID, e.kind());
        assertEquals("container \"app\": log_path contains a NUL character", e.getMessage());
    }

    @Test
    void aMountPathWithANulCharacterIsABadRequest() {
        ContainerConfig config = APP.toBuilder().addMounts(Mount.newBuilder().setContainerPath("/data")
                .setHostPath("/srv\0/data")).build();
        CriFailure e = assertThrows(CriFailure.class, () -> ContainerTranslation.toSettings(config, Map.of(), "runc"));
        assertEquals("container \"app\": mount host_path contains a NUL character", e.getMessage());
    }

    @Test
    void aPodLogDirectoryWithANulCharacterIsABadRequest() {
        PodSandboxConfig pod = PodSandboxConfig.newBuilder().setMetadata(PodSandboxMetadata.newBuilder().setName("p")
                .setNamespace("ns").setUid("u")).setLogDirectory("/var/log/pods/\0").build();
        CriFailure e = assertThrows(CriFailure.class, () -> SandboxTranslation.toRequest("id", pod));
        assertEquals(CriFailure.Kind.INVALID, e.kind());
    }
}
