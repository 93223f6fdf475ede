package dev.orca.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureTest {

    @TempDir
    Path dir;

    @Test
    void readsBundlesInOrderSkippingCommentsAndBlankLines() throws IOException {
        Files.writeString(dir.resolve("core.feature"), """
                # the core
                org.example:first:1.0

                org.example:second:2.0-SNAPSHOT
                """);

        Feature feature = Feature.read(dir, "core");

        assertEquals(List.of(new Feature.BundleId("org.example", "first", "1.0"),
                new Feature.BundleId("org.example", "second", "2.0-SNAPSHOT")), feature.bundles());
        assertEquals("second-2.0-SNAPSHOT.jar", feature.bundles().get(1).jarName());
    }

    @Test
    void aClassifiedArtifactNamesItsJarWithTheClassifier() throws IOException {
        Files.writeString(dir.resolve("native.feature"), "org.example:transport:4.2:linux-x86_64\n");

        Feature.BundleId id = Feature.read(dir, "native").bundles().get(0);

        assertEquals(new Feature.BundleId("org.example", "transport", "4.2", "linux-x86_64"), id);
        assertEquals("transport-4.2-linux-x86_64.jar", id.jarName());
    }

    @Test
    void aMalformedLineIsReportedWithItsNumber() throws IOException {
        Files.writeString(dir.resolve("bad.feature"), "org.example:ok:1\norg.example:missing-version\n");

        IOException error = assertThrows(IOException.class, () -> Feature.read(dir, "bad"));

        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
        assertTrue(error.getMessage().contains("org.example:missing-version"), error.getMessage());
    }

    @Test
    void anUnknownFeatureIsNamed() {
        IOException error = assertThrows(IOException.class, () -> Feature.read(dir, "nowhere"));

        assertTrue(error.getMessage().contains("feature 'nowhere' not found"), error.getMessage());
    }
}
