package dev.orca.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules pass Prometheus's own checks, and the rules test (input series with the values each recording
 * rule must give and the alerts that must fire, and not fire, at each time) passes promtool test rules.
 */
class PromtoolRulesTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @BeforeAll
    static void promtoolIsInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "skipped: " + PROMTOOL + " is not installed (Debian's"
                + " prometheus package has it); the rules are not checked");
    }

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        String out = promtool("check", "rules", MonitoringFiles.RULES.toString());
        assertTrue(out.contains("SUCCESS: " + MonitoringFiles.ruleList().size() + " rules found"), out);
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        String out = promtool("test", "rules", MonitoringFiles.RULES_TEST.toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
