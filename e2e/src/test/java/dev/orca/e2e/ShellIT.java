package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orca shell}: root gets the daemon's Gogo shell over its socket, nobody else does; the {@code orca:*}
 * commands show the pod, container and image made over the CRI, and the bundles that provide the SPI services.
 */
class ShellIT {

    @TempDir
    static Path dir;
    static TestRegistry registry;
    static PushedImage busybox;
    static OrcaDaemon orca;
    static CriPods pods;
    static String podId;
    static String containerId;
    static String handler;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.plain();
        busybox = TestImages.singleLayer(registry, "shell/busybox:1");
        orca = OrcaDaemon.withRegistries(dir, OrcaDaemon.insecure(registry.host()), Map.of(), List.of());
        pods = new CriPods(orca, busybox.reference(), dir.resolve("logs"));
        // The shipped handlers arrive through deploy/ a moment after the socket answers.
        pods.awaitDefaultHandler();
        orca.pull(busybox.reference());
        PodSandboxConfig config = pods.pod("shellpod", Map.of());
        podId = pods.run(config);
        handler = pods.handlerOf(podId);
        containerId = pods.createAndStart(podId, config, pods.container("app", "app.log", "sleep", "600"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (orca != null) {
            pods.removeAll();
            orca.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result shell(List<String> prefix, String input) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(orca.home().resolve("bin/orca").toString());
        command.add("shell");
        command.add("--shell-socket");
        command.add(orca.shellSocket().toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private static String shell(String input) throws Exception {
        Result result = shell(List.of(), input + "\nexit\n");
        assertEquals(0, result.exit(), result.output());
        return result.output();
    }

    /** Whether some line of the output matches the regular expression. */
    private static boolean hasLine(String output, String regex) {
        Pattern line = Pattern.compile(regex);
        return output.lines().anyMatch(l -> line.matcher(l).find());
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, 13);
    }

    @Test
    void rootRunsOrcaAndFrameworkCommands() throws Exception {
        Result result = shell(List.of(), "orca:handlers\nlb\nexit\n");

        assertEquals(0, result.exit(), result.output());
        assertTrue(hasLine(result.output(), "^crun +yes +ready +\\d+ +\\S+ +dev\\.orca\\.runtime\\.oci \\S+ \\[\\d+] +/"),
                "the shipped crun handler is the default where crun is installed: " + result.output());
        assertTrue(hasLine(result.output(), "^runc +ready +\\d+ +\\S+ +dev\\.orca\\.runtime\\.oci \\S+ \\[\\d+] +/"),
                "runc is offered, and is not the default: " + result.output());
        assertTrue(result.output().contains("Orca core"), result.output());
    }

    @Test
    void aPodAndItsContainerMadeOverTheCriShowInPodsContainersAndTheirHandlersPodCount() throws Exception {
        String output = shell("orca:pods\norca:containers\norca:handlers");

        assertEquals("crun", handler, "pods that name no handler run on the default");
        assertTrue(hasLine(output, "^" + shortId(podId) + " +e2e/shellpod +READY +crun +\\S+ +\\S+Z +1$"), output);
        assertTrue(hasLine(output, "^" + shortId(containerId) + " +" + shortId(podId) + " +app +0 +"
                + Pattern.quote(busybox.reference()) + " +RUNNING +crun$"), output);
        assertTrue(hasLine(output, "^crun +yes +ready +1 "), "one pod uses crun: " + output);
        assertTrue(hasLine(output, "^runc +ready +0 "), "none uses runc: " + output);
    }

    @Test
    void thePulledImageShowsWithItsTagAndSize() throws Exception {
        String output = shell("orca:images");

        assertTrue(hasLine(output, "^" + shortId(busybox.imageId()) + " +\\S*" + Pattern.quote(busybox.reference())
                + "\\S* +[\\d.]+ (B|kB|MB)$"), output);
    }

    @Test
    void inspectPrintsAContainerPodOrImageByAPrefixOfItsId() throws Exception {
        String container = shell("orca:inspect " + containerId.substring(0, 16));
        String pod = shell("orca:inspect " + podId.substring(0, 16));
        String image = shell("orca:inspect " + busybox.imageId().substring(0, 20));

        assertTrue(container.contains("\"kind\" : \"container\"") && container.contains("\"id\" : \"" + containerId)
                && container.contains("\"phase\" : \"RUNNING\"") && container.contains("\"name\" : \"app\""),
                container);
        assertTrue(pod.contains("\"kind\" : \"pod\"") && pod.contains("\"handler\" : \"deployed\"")
                && pod.contains("\"name\" : \"shellpod\"") && pod.contains("\"state\" : \"RUNNING\""), pod);
        assertTrue(image.contains("\"kind\" : \"image\"") && image.contains(busybox.reference())
                && image.contains("\"usedBy\" : [ \"" + containerId + "\" ]"), image);
        assertTrue(shell("orca:inspect ffffffffffffffffff").contains(
                "error: no pod, container or image has the ID or prefix \"ffffffffffffffffff\""));
    }

    @Test
    void servicesNameTheBundlesProvidingTheRuncHandlerAndTheImageStore() throws Exception {
        String output = shell("orca:services");

        assertTrue(hasLine(output, "^RuntimeHandler +\\d+ +orca\\.runtime\\.handler=runc,orca\\.runtime\\.default=true"
                + " +dev\\.orca\\.runtime\\.oci \\S+ \\[\\d+]$"), output);
        assertTrue(hasLine(output, "^ImageStore +\\d+ +- +dev\\.orca\\.image \\S+ \\[\\d+]$"), output);
    }

    @Test
    void aContainerWhoseHandlerIsWithdrawnSaysSoAndShowsAgainWhenItComesBack() throws Exception {
        Path cfg = orca.home().resolve("deploy/dev.orca.runtime.oci-" + handler + ".cfg");
        String configuration = Files.readString(cfg);
        Files.delete(cfg);
        try {
            String output = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!output.contains("handler '" + handler + "' not deployed") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                output = shell("orca:containers\norca:handlers");
            }
            assertTrue(hasLine(output, "^" + shortId(containerId) + " .* handler '" + handler + "' not deployed +"
                    + handler + "$"), output);
            assertTrue(hasLine(output, "^" + handler + " +not deployed +1 "), "the pod's handler is missing: "
                    + output);
            assertTrue(hasLine(output, "^runc +yes +ready +0 "), "runc, the other default, took over: " + output);
        } finally {
            Files.writeString(cfg, configuration);
            pods.awaitDefaultHandler();
        }
        assertTrue(hasLine(shell("orca:containers"), "^" + shortId(containerId) + " .* RUNNING +" + handler + "$"),
                "the container ran on under conmon meanwhile");
    }

    @Test
    void aCommandErrorIsShownAndTheSessionGoesOn() throws Exception {
        Result result = shell(List.of(), "no:such-command\norca:handlers\n");

        assertTrue(result.output().contains("error: "), result.output());
        assertTrue(result.output().contains("HANDLER"), result.output());
    }

    @Test
    void anotherUserIsRefusedBySocketMode() throws Exception {
        // Open the directories on the way, so that only the socket's own mode (0600) stands in the way.
        for (Path p = orca.shellSocket().getParent(); p.startsWith(dir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(orca.shellSocket())));

        Result result = shell(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"),
                "orca:handlers\n");

        assertEquals(1, result.exit(), result.output());
        assertTrue(result.output().contains("cannot connect to " + orca.shellSocket()), result.output());
    }
}
