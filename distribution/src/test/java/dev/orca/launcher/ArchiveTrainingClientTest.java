package dev.orca.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training client's class path: the CRI API jar and Netty's from the boot bundles, nothing else. */
class ArchiveTrainingClientTest {

    @TempDir
    Path bundles;

    @Test
    void theClassPathHoldsTheCriApiAndNettyJarsOnly() throws IOException {
        for (String jar : new String[] {"orca-core-1.jar", "netty-buffer-4.jar", "orca-cri-api-1.jar",
                "netty-common-4.jar", "netty-notes.txt", "jackson-databind-2.jar"}) {
            Files.createFile(bundles.resolve(jar));
        }

        assertEquals(String.join(":", bundles.resolve("netty-buffer-4.jar").toString(),
                bundles.resolve("netty-common-4.jar").toString(), bundles.resolve("orca-cri-api-1.jar").toString()),
                ArchiveTrainingClient.classPath(bundles));
    }

    @Test
    void withoutTheCriApiJarThereIsNoClientToRun() throws IOException {
        Files.createFile(bundles.resolve("netty-buffer-4.jar"));

        IOException missing = assertThrows(IOException.class, () -> ArchiveTrainingClient.classPath(bundles));

        assertEquals("no orca-cri-api jar in " + bundles, missing.getMessage());
    }
}
