package dev.orca.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The assembled distribution: what the features name is exactly what bundle/ holds, and bin/orca runs. */
class DistributionLayoutIT {

    private final Path home = Path.of(System.getProperty("orca.distribution"));

    @Test
    void everyJarIsNamedByAFeatureAndEveryFeatureBundleIsThere() throws IOException {
        Settings settings = Settings.load(home);
        try (Stream<Path> files = Files.list(home.resolve("features"))) {
            String all = files.map(f -> f.getFileName().toString().replace(".feature", ""))
                    .collect(Collectors.joining(","));
            settings.set(Settings.FEATURES, all);
        }
        Set<Path> named = Set.copyOf(NodeFramework.bundleJars(settings));
        try (Stream<Path> jars = Files.list(home.resolve("bundle"))) {
            assertEquals(named, jars.collect(Collectors.toSet()));
        }
    }

    @Test
    void binOrcaPrintsItsVersionAndHelp() throws Exception {
        assertTrue(run("--version").startsWith("orca "));
        assertTrue(run("--help").contains("orca shell"));
    }

    @Test
    void theSystemdUnitOnlyKillsTheDaemon() throws IOException {
        List<String> unit = Files.readAllLines(home.resolve("systemd/orca.service"));
        assertTrue(unit.contains("KillMode=process"), unit.toString());
    }

    @Test
    void theDashboardAndTheRulesAreShippedForOperators() {
        for (String file : List.of("monitoring/orca-dashboard.json", "monitoring/orca-rules.yml")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
    }

    private String run(String argument) throws Exception {
        Process process = new ProcessBuilder(home.resolve("bin/orca").toString(), argument)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
