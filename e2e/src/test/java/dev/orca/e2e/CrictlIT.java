package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real crictl (cri-tools v1.26.1, the kubelet's CRI client code) against the distribution, command by command:
 * every line of the README's crictl block, verbatim and in order, each checked for what it should print. The
 * binary is found as {@link KubeletTools} says; without it the test is skipped, saying so.
 */
class CrictlIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(120);
    private static final String ID = "[0-9a-f]{64}";

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static CrictlShell shell;
    static CrictlReadme readme;
    /** Why the test cannot run here, or null. */
    static String missing;

    /** How a line is run: as typed, on a terminal, or left running while the check talks to it. */
    private enum Mode { PLAIN, TERMINAL, BACKGROUND }

    private record Step(String command, Mode mode, Consumer<CrictlShell.Output> check) {
    }

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("orca.distribution")).resolve("../../..").normalize();
        missing = KubeletTools.missing("CRICTL", "crictl");
        if (missing != null) {
            return;
        }
        Path crictl = KubeletTools.locate("CRICTL", "crictl");
        readme = CrictlReadme.read(root.resolve("README.md"));
        node = BusyboxNode.start(dir.resolve("node"), "library/busybox:latest", Map.of(), CrictlIT::dockerHubMirror);
        TestImages.multiLayer(node.registry, "library/busybox:1.36");
        Path work = Files.createDirectories(dir.resolve("work"));
        ObjectNode pod = (ObjectNode) JSON.readTree(readme.podJson());
        // The README's log directory is the kubelet's; the test keeps its logs in its own directory.
        pod.put("log_directory", Files.createDirectories(dir.resolve("logs")).toString());
        Files.writeString(work.resolve("pod.json"), JSON.writeValueAsString(pod));
        Files.writeString(work.resolve("container.json"), readme.containerJson());
        shell = new CrictlShell(crictl, node.orca.socket(), work);
    }

    /** The test registry as Docker Hub's mirror, so that {@code busybox} is pulled from it as a user's would be. */
    private static String dockerHubMirror(TestRegistry registry) {
        return OrcaDaemon.mirrored(registry.host(), "docker.io");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyCommandOfTheReadmeDoesWhatItShould() throws Exception {
        // Skipped in the test itself, not in @BeforeAll, so that reports count it and show why.
        Assumptions.assumeTrue(missing == null, missing);
        List<Step> steps = steps();
        assertEquals(steps.stream().map(Step::command).toList(), readme.commands(),
                "the README's crictl block and CrictlIT's steps differ: change both together");
        List<String> failures = new ArrayList<>();
        for (Step step : steps) {
            CrictlShell.Output output = null;
            try {
                output = switch (step.mode()) {
                    case PLAIN -> shell.run(step.command(), LINE_TIMEOUT);
                    case TERMINAL -> shell.runOnTerminal(step.command(), LINE_TIMEOUT);
                    case BACKGROUND -> null;
                };
                System.out.println("$ " + step.command() + "\n" + (output == null ? "" : output));
                step.check().accept(output);
            } catch (AssertionError | RuntimeException e) {
                failures.add(step.command() + ": " + e.getMessage() + (output == null ? "" : "\n" + output));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + steps.size() + " crictl commands failed:\n\n"
                + String.join("\n\n", failures) + "\n\ndaemon log:\n" + node.orca.log());
        assertEquals(0, node.orca.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                .getItemsCount(), "rmp -af left pods");
    }

    private List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        steps.add(plain("crictl version", out -> {
            ok(out);
            assertTrue(out.stdout().matches("(?s).*RuntimeName:\\s+orca\\n.*"), "runtime name");
            assertTrue(out.stdout().matches("(?s).*RuntimeApiVersion:\\s+v1\\n.*"), "API version");
        }));
        steps.add(plain("crictl info", out -> {
            JsonNode info = json(out);
            assertTrue(condition(info, "RuntimeReady").path("status").asBoolean(), "RuntimeReady");
            assertTrue(info.path("handlers").path("crun").path("default").asBoolean(),
                    "crun is the default where it is installed: " + info.path("handlers"));
            assertFalse(info.path("handlers").path("runc").path("default").asBoolean(), "runc is not");
            assertTrue(info.path("handlers").path("runc").path("defaultCandidate").asBoolean(),
                    "runc would be the default without crun");
            assertTrue(info.path("network").path("deployed").asBoolean(), "a network is deployed");
            for (String type : List.of("seccomp", "apparmor")) {
                assertTrue(info.path(type).has("enabled"), type + " is an object saying whether it is enforced");
            }
            JsonNode policy = info.path("imagePolicy");
            assertTrue(policy.path("deployed").asBoolean() && policy.path("usable").asBoolean(), policy.toString());
            assertEquals("default: insecureAcceptAnything", policy.path("detail").asText(), policy.toString());
        }));
        steps.add(plain("crictl pull busybox", CrictlIT::pulled));
        steps.add(plain("crictl images", out -> {
            ok(out);
            assertTrue(out.stdout().matches("(?s).*docker\\.io/library/busybox\\s+latest\\s+[0-9a-f]{13}\\s.*"),
                    "busybox listed by repository, tag and image ID");
        }));
        steps.add(plain("crictl inspecti busybox", out -> {
            JsonNode image = json(out);
            assertTrue(image.path("status").path("repoTags").toString().contains("docker.io/library/busybox:latest"),
                    "repo tag");
            assertTrue(image.path("info").path("chainID").asText().startsWith("sha256:"), "info.chainID");
            assertTrue(image.path("info").path("imageSpec").path("config").path("Env").isArray(), "image config");
        }));
        steps.add(plain("crictl imagefsinfo", out -> {
            JsonNode fs = json(out);
            assertFalse(fs.path("status").path("fsId").path("mountpoint").asText().isEmpty(), "mountpoint");
            assertTrue(fs.path("status").path("usedBytes").path("value").asLong() > 0, "used bytes");
        }));
        steps.add(plain("crictl rmi busybox", out -> contains(out, "Deleted: docker.io/library/busybox:latest")));
        steps.add(plain("crictl pull busybox", CrictlIT::pulled));
        steps.add(plain("crictl rmi -a", out -> {
            contains(out, "Deleted: docker.io/library/busybox:latest");
            assertEquals(0, node.orca.images().listImages(dev.orca.cri.v1.ListImagesRequest.getDefaultInstance())
                    .getImagesCount(), "no image left");
        }));
        steps.add(plain("crictl pull busybox", CrictlIT::pulled));
        steps.add(plain("POD=$(crictl runp pod.json)", out -> {
            ok(out);
            assertTrue(pod().matches(ID), "a pod ID: " + pod());
        }));
        steps.add(plain("crictl pods", out -> {
            contains(out, pod().substring(0, 13));
            assertTrue(out.stdout().matches("(?s).*Ready\\s+web\\s+default\\s+0\\s+crun\\s.*"),
                    "state, name, namespace, attempt, handler");
        }));
        for (String filter : List.of("--name web", "--namespace default", "--label app=web", "--state ready")) {
            steps.add(plain("crictl pods " + filter, out -> contains(out, pod().substring(0, 13))));
        }
        steps.add(plain("crictl pods -q", out -> assertEquals(pod(), ok(out).stdout().strip())));
        steps.add(plain("crictl inspectp \"$POD\"", out -> {
            JsonNode pod = json(out);
            assertEquals(pod(), pod.path("status").path("id").asText());
            assertEquals("SANDBOX_READY", pod.path("status").path("state").asText());
            assertEquals("crun", pod.path("info").path("runtimeHandler").asText());
            assertFalse(pod.path("info").path("namespaces").path("network").asText().isEmpty(), "network ns");
            assertTrue(pod.path("info").path("pid").isInt(), "info.pid");
        }));
        steps.add(plain("CTR=$(crictl create \"$POD\" container.json pod.json)", out -> {
            ok(out);
            assertTrue(container().matches(ID), "a container ID: " + container());
        }));
        steps.add(plain("crictl start \"$CTR\"", out -> assertEquals(container(), ok(out).stdout().strip())));
        steps.add(plain("crictl ps", out -> {
            contains(out, container().substring(0, 13));
            assertTrue(out.stdout().matches("(?s).*Running\\s+app\\s+0\\s+" + pod().substring(0, 13) + ".*"),
                    "state, name, attempt, pod");
        }));
        for (String filter : List.of("-a", "--name app", "--pod \"$POD\"", "--label app=web", "--state running")) {
            steps.add(plain("crictl ps " + filter, out -> contains(out, container().substring(0, 13))));
        }
        steps.add(plain("crictl ps -q", out -> assertEquals(container(), ok(out).stdout().strip())));
        steps.add(plain("crictl inspect \"$CTR\"", out -> {
            JsonNode container = json(out);
            assertEquals("CONTAINER_RUNNING", container.path("status").path("state").asText());
            JsonNode info = container.path("info");
            assertTrue(info.path("pid").asInt() > 0, "info.pid");
            assertEquals(pod(), info.path("sandboxID").asText());
            assertEquals("oci", info.path("runtimeType").asText());
            assertEquals("crun", info.path("runtimeHandler").asText());
            assertFalse(info.path("privileged").asBoolean(true), "info.privileged");
            assertEquals("sh", info.path("runtimeSpec").path("process").path("args").path(0).asText());
            assertTrue(info.path("runtimeSpec").path("linux").path("namespaces").isArray(), "runtimeSpec.linux");
        }));
        steps.add(plain("crictl inspect -o go-template --template '{{.info.pid}} {{.info.sandboxID}}' \"$CTR\"",
                out -> {
                    String[] fields = ok(out).stdout().strip().split(" ");
                    assertEquals(pod(), fields[1]);
                    assertTrue(Files.exists(Path.of("/proc", fields[0])), "the pid " + fields[0] + " runs");
                }));
        steps.add(plain("crictl pull busybox:1.36", CrictlIT::pulled));
        steps.add(plain("crictl rmi --prune", out -> {
            contains(out, "Deleted: docker.io/library/busybox:1.36");
            assertFalse(out.stdout().contains("busybox:latest"), "the image in use stays");
        }));
        steps.add(plain("crictl exec -s \"$CTR\" echo hi", out -> assertEquals("hi", ok(out).stdout().strip())));
        steps.add(plain("crictl exec -s --timeout 10 \"$CTR\" echo hi",
                out -> assertEquals("hi", ok(out).stdout().strip())));
        // Exactly one line: the container's terminal (whose output ends a line with \r\n), its newline not
        // translated twice on the way.
        steps.add(new Step("crictl exec -it \"$CTR\" tty", Mode.TERMINAL,
                out -> assertTrue(ok(out).stdout().matches("/dev/pts/\\d+\r?\n"), "a terminal")));
        steps.add(plain("timeout 4 crictl attach \"$CTR\"", out -> {
            assertEquals(124, out.exitCode(), "still attached when stopped");
            assertTrue(ticks(out.stdout()) >= 2, "the container's output");
        }));
        steps.add(new Step("crictl port-forward \"$POD\" 18080:8080", Mode.BACKGROUND,
                out -> portForwardReachesThePod("crictl port-forward \"$POD\" 18080:8080")));
        // After attach has watched for a while, so the log holds several lines.
        steps.add(plain("crictl logs \"$CTR\"", out -> contains(out, "tick 0")));
        steps.add(plain("crictl logs --tail 2 \"$CTR\"", out -> {
            List<String> lines = ok(out).both().lines().toList();
            assertEquals(2, lines.size(), "two lines");
            lines.forEach(l -> assertTrue(l.startsWith("tick "), l));
        }));
        steps.add(plain("crictl logs --since 10m --timestamps \"$CTR\"", out -> {
            List<String> lines = ok(out).both().lines().toList();
            assertFalse(lines.isEmpty(), "lines");
            lines.forEach(l -> assertTrue(l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ tick \\d+"), "timestamped: " + l));
        }));
        steps.add(plain("timeout 4 crictl logs -f \"$CTR\"", out -> {
            assertEquals(124, out.exitCode(), "still following when stopped");
            long before = ticks(out.both());
            assertTrue(before >= 2, "lines came while following");
        }));
        steps.add(plain("crictl stats", out -> {
            contains(out, container().substring(0, 13));
            contains(out, "app");
        }));
        steps.add(plain("crictl statsp", out -> {
            contains(out, pod().substring(0, 13));
            contains(out, "web");
        }));
        steps.add(plain("crictl update --memory 134217728 \"$CTR\"", out -> {
            assertEquals(container(), ok(out).stdout().strip());
            assertEquals(134217728L, memoryLimit(), "the container's cgroup limit");
        }));
        steps.add(plain("crictl checkpoint \"$CTR\"", out -> {
            assertTrue(out.exitCode() != 0, "refused");
            assertTrue(out.both().contains("code = Unimplemented"), "UNIMPLEMENTED");
            assertTrue(out.both().toLowerCase().contains("checkpoint"), "says what is not implemented");
        }));
        steps.add(plain("crictl stop \"$CTR\"", out -> assertEquals(container(), ok(out).stdout().strip())));
        steps.add(plain("crictl ps -a --state exited", out -> {
            contains(out, container().substring(0, 13));
            contains(out, "Exited");
        }));
        steps.add(plain("crictl rm \"$CTR\"", out -> assertEquals(container(), ok(out).stdout().strip())));
        steps.add(plain("crictl stopp \"$POD\"", out -> contains(out, "Stopped sandbox " + pod())));
        steps.add(plain("crictl rmp \"$POD\"", out -> contains(out, "Removed sandbox " + pod())));
        steps.add(plain("crictl run container.json pod.json",
                out -> assertTrue(ok(out).stdout().strip().matches(ID), "a container ID")));
        steps.add(plain("crictl rmp -af", out -> contains(out, "Removed sandbox ")));
        return steps;
    }

    private static Step plain(String command, Consumer<CrictlShell.Output> check) {
        return new Step(command, Mode.PLAIN, check);
    }

    private static String pod() {
        return shell.variable("POD");
    }

    private static String container() {
        return shell.variable("CTR");
    }

    private static CrictlShell.Output ok(CrictlShell.Output out) {
        assertEquals(0, out.exitCode(), "exit code");
        return out;
    }

    private static void contains(CrictlShell.Output out, String text) {
        ok(out);
        assertTrue(out.stdout().contains(text), "prints '" + text + "'");
    }

    private static void pulled(CrictlShell.Output out) {
        assertTrue(ok(out).stdout().matches("Image is up to date for sha256:[0-9a-f]{64}\\s*"), "the image ID");
    }

    private static JsonNode json(CrictlShell.Output out) {
        try {
            return JSON.readTree(ok(out).stdout());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage());
        }
    }

    private static JsonNode condition(JsonNode info, String type) {
        for (JsonNode condition : info.path("status").path("conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return condition;
            }
        }
        throw new AssertionError("no condition " + type);
    }

    /** The memory limit of the container's cgroup (v1 memory hierarchy, or unified), found by its runtimeSpec. */
    private static long memoryLimit() {
        try {
            String cgroup = ok(shell.run("crictl inspect -o go-template --template"
                    + " '{{.info.runtimeSpec.linux.cgroupsPath}}' \"$CTR\"", LINE_TIMEOUT)).stdout().strip();
            Path v1 = Path.of("/sys/fs/cgroup/memory", cgroup, "memory.limit_in_bytes");
            Path file = Files.exists(v1) ? v1 : Path.of("/sys/fs/cgroup", cgroup, "memory.max");
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new AssertionError("the container's memory limit: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static long ticks(String output) {
        return output.lines().filter(l -> l.startsWith("tick ")).count();
    }

    /** Starts the forward, reads what the container's server sends through it, and stops the forward. */
    private static void portForwardReachesThePod(String command) {
        Path log = dir.resolve("port-forward.log");
        Process forward = null;
        try {
            forward = shell.startInBackground(command, log);
            Instant deadline = Instant.now().plusSeconds(20);
            while (!Files.exists(log) || !Files.readString(log).contains("Forwarding from 127.0.0.1:18080")) {
                assertTrue(forward.isAlive(), "port-forward ended: " + (Files.exists(log) ? Files.readString(log)
                        : ""));
                assertTrue(Instant.now().isBefore(deadline), "port-forward never listened");
                Thread.sleep(100);
            }
            try (Socket socket = new Socket("127.0.0.1", 18080)) {
                socket.setSoTimeout(10_000);
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                assertEquals("hello from the pod", line, Files.readString(log));
            }
        } catch (IOException e) {
            throw new AssertionError("port-forward: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (forward != null) {
                forward.destroy();
            }
        }
    }
}
