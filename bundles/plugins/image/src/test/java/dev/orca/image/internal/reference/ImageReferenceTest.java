package dev.orca.image.internal.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void aOneWordShortNameIsDockerHubsLibraryAtLatest() {
        ImageReference ref = ImageReference.parse("busybox");

        assertEquals("docker.io", ref.registry());
        assertEquals("library/busybox", ref.repository());
        assertEquals("latest", ref.tag());
        assertEquals("docker.io/library/busybox:latest", ref.toString());
    }

    @Test
    void aRegistryIsRecognisedByADotAColonOrLocalhost() {
        assertEquals("127.0.0.1:5000", ImageReference.parse("127.0.0.1:5000/app/web:1.0").registry());
        assertEquals("quay.io", ImageReference.parse("quay.io/org/app").registry());
        assertEquals("localhost", ImageReference.parse("localhost/app").registry());
        assertEquals("docker.io", ImageReference.parse("org/app").registry());
        assertEquals("org/app", ImageReference.parse("org/app").repository());
    }

    @Test
    void tagsAndDigestsAreKeptApart() {
        ImageReference both = ImageReference.parse("127.0.0.1:5000/app:v1@" + DIGEST);
        assertEquals("v1", both.tag());
        assertEquals(DIGEST, both.digest());
        assertEquals(DIGEST, both.manifestReference());

        ImageReference digestOnly = ImageReference.parse("127.0.0.1:5000/app@" + DIGEST);
        assertNull(digestOnly.tag());
        assertEquals("127.0.0.1:5000/app@" + DIGEST, digestOnly.toString());
    }

    @Test
    void aPortIsNotATag() {
        ImageReference ref = ImageReference.parse("localhost:5000/app");
        assertEquals("localhost:5000", ref.registry());
        assertEquals("latest", ref.tag());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "Busybox", "busybox:", "busybox@sha256:abc", "busybox:-bad", "a//b",
        "quay.io/", "busybox@md5:" + "a", "bad host!/x", "UPPER/case/x:1!"})
    void invalidReferencesAreRefusedNamingTheReference(String reference) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ImageReference.parse(reference));
        assertTrue(error.getMessage().contains("image reference"), error.getMessage());
    }

    @Test
    void shortNamesAreTriedAtEachSearchRegistryInOrder() {
        List<ImageReference> candidates = ShortNames.candidates("app:1", List.of("127.0.0.1:5000", "docker.io"));

        assertEquals(List.of("127.0.0.1:5000/app:1", "docker.io/library/app:1"),
                candidates.stream().map(ImageReference::toString).toList());
        assertEquals(List.of("quay.io/x/app:latest"),
                ShortNames.candidates("quay.io/x/app", List.of("127.0.0.1:5000")).stream()
                        .map(ImageReference::toString).toList());
    }
}
