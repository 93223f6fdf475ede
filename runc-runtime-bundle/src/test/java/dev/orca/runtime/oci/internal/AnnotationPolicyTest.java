package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.ContainerRequest;
import dev.orca.spi.oci.OciSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotationPolicyTest {

    private final AnnotationPolicy crun = new AnnotationPolicy("crun", List.of("run.oci.keep_original_groups",
            "dev.gvisor.internal.*"));

    @Test
    void ordinaryAnnotationsPassAndRuntimeOnesOnlyWhenAllowed() {
        assertTrue(crun.permits("io.kubernetes.pod.name"));
        assertTrue(crun.permits("example.com/team"));
        assertTrue(crun.permits("run.oci.keep_original_groups"));
        assertFalse(crun.permits("run.oci.hooks.stdout"));
        assertTrue(crun.permits("dev.gvisor.internal.x"));
        assertFalse(crun.permits("dev.gvisor.spec.mount.x"));
        assertFalse(crun.permits("io.kubernetes.cri-o.Devices"));
    }

    @Test
    void aRequestLosesOnlyTheWithheldAnnotations() {
        ContainerRequest request = request(Map.of("team", "a", "run.oci.hooks.stdout", "/tmp/x",
                "run.oci.keep_original_groups", "1"));

        ContainerRequest filtered = crun.apply(request);

        assertEquals(Map.of("team", "a", "run.oci.keep_original_groups", "1"), filtered.spec().annotations());
        assertEquals(request.id(), filtered.id());
        ContainerRequest clean = request(Map.of("team", "a"));
        assertSame(clean, crun.apply(clean));
    }

    private static ContainerRequest request(Map<String, String> annotations) {
        return new ContainerRequest("c1", "p1", new OciSpec(OciSpec.VERSION, null, null, null, List.of(), null,
                annotations), null, false, false, false);
    }
}
