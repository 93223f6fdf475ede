package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * critest v1.26.1, the CRI validation suite the kubelet's expectations are written down in, against the
 * distribution: every spec that can pass on this node passes, on runc, crun, runsc and vm (each pod a QEMU VM).
 * The images it pulls are built by the shared tools' script and pushed to a registry it starts; registries.conf
 * mirrors send registry.k8s.io and gcr.io there (critest's own --registry-prefix drops tags in this version).
 */
class CritestIT {

    /**
     * Skipped on every handler: critest pulls {@code test-image-digest@sha256:9700f9a2…}, an upstream manifest digest
     * that no image built here can have.
     */
    static final String UPSTREAM_DIGEST = "public image with digest";

    /**
     * What gVisor (Debian's runsc of 2022-12, one sandbox per container, its own kernel) cannot do, each with why;
     * every other spec must pass on runsc too.
     */
    static final Map<String, String> NOT_ON_GVISOR = new TreeMap<>(Map.ofEntries(
            Map.entry("runtime should support HostPID",
                    "a sandbox has its own PID namespace in the Sentry: the host's processes are not visible"),
            Map.entry("runtime should support HostIpc is true",
                    "System V IPC is the Sentry's own: the host's shared memory segments are not visible"),
            Map.entry("runtime should support PodPID",
                    "each container is its own sandbox, so containers of a pod cannot see each other's processes"),
            Map.entry("runtime should support HostNetwork is true",
                    "critest's host-network web server in a runsc sandbox is not reached from the host here (seen:"
                            + " timed out after 60 s)"),
            Map.entry("add SupplementalGroups to them",
                    "the Sentry keeps supplementary groups in the spec's order where Linux sorts them (seen: 1000"
                            + " 50000 1234, expected 1000 1234 50000)"),
            Map.entry("runtime should support Privileged is true",
                    "this runsc does not start a privileged sandbox (seen: cannot read client sync file: EOF)"),
            Map.entry("runtime should support adding ALL capabilities",
                    "this runsc does not start a sandbox holding every capability (seen: cannot read client sync"
                            + " file: EOF)"),
            Map.entry("should ignore a seccomp profile that blocks setting hostname when privileged",
                    "a privileged sandbox does not start on runsc (as above)"),
            Map.entry("runtime should support adding capability",
                    "the Sentry has no bridge ioctls: brctl fails whatever the capabilities"),
            Map.entry("runtime should support dropping capability",
                    "ping needs raw sockets, which the Sentry offers only with --net-raw"),
            Map.entry("runtime should support MaskedPaths",
                    "the Sentry's /proc and /sys are its own: masked paths are not applied inside"),
            Map.entry("runtime should support ReadonlyPaths",
                    "the Sentry's /proc and /sys are its own: read-only paths are not applied inside"),
            Map.entry("should support seccomp localhost/profile on the container",
                    "this runsc applies no seccomp filter to the processes in the sandbox"),
            Map.entry("blocks setting hostname with SYS_ADMIN",
                    "this runsc applies no seccomp filter to the processes in the sandbox"),
            Map.entry("should support seccomp docker/default on the container",
                    "this runsc applies no seccomp filter to the processes in the sandbox (Seccomp: 0)"),
            Map.entry("should allow privilege escalation when false",
                    "the setuid bit of critest's nonewprivs helper has no effect in this runsc's sandbox (seen:"
                            + " effective uid 1000)"),
            Map.entry("mount with 'r",
                    "gVisor's mounts have no propagation (seen: rshared refused by runsc's spec check; rslave and"
                            + " rprivate sandboxes do not start)"),
            Map.entry("should support safe sysctls",
                    "the Sentry's /proc/sys has no kernel.shm_rmid_forced"),
            Map.entry("should support unsafe sysctls",
                    "the Sentry's /proc/sys has no kernel.msgmax")));

    /**
     * What a VM pod (RuntimeClass {@code vm}: its own kernel in QEMU, containers run by Orca's guest agent) cannot do,
     * each with why; every other spec must pass on vm too.
     */
    static final Map<String, String> NOT_ON_VM = new TreeMap<>(Map.ofEntries(
            Map.entry("runtime should support HostPID",
                    "a VM pod has its own kernel: the node's PID namespace is not there to share (refused)"),
            Map.entry("runtime should support HostIpc is true",
                    "a VM pod has its own kernel: the node's IPC namespace is not there to share (refused)"),
            Map.entry("runtime should support HostNetwork is true",
                    "a VM pod has its own kernel and network stack: the node's network namespace is not there to"
                            + " share (refused)"),
            Map.entry("runtime should support portforward in host network",
                    "a host-network pod, which a VM pod cannot be (refused)"),
            Map.entry("mount with 'rshared' should support propagation from host to container and vice versa",
                    "the container's root and volumes reach the guest over virtio-9p, which carries no mount events"
                            + " either way: a mount made on the host under a volume is not seen in the guest, nor"
                            + " the other way")));

    @TempDir
    static Path dir;
    static Path images;
    static OrcaDaemon orca;

    @BeforeAll
    static void start() throws Exception {
        Path script = KubeletTools.critestImages();
        KubeletTools.critest();
        images = dir.resolve("images");
        String registry = "127.0.0.1:" + freePort();
        succeed(List.of(script.toString()), Map.of("BASE", images.toString(), "REG", registry), dir.resolve(
                "critest-images.log"), Duration.ofMinutes(10));
        orca = OrcaDaemon.withRegistries(dir, OrcaDaemon.mirrored(registry, "registry.k8s.io", "gcr.io"), Map.of(), List.of());
        orca.awaitHandlers(Set.of("runc", "crun", "runsc", "vm"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (orca != null) {
            try {
                new CriPods(orca, "", dir.resolve("logs")).removePods();
            } finally {
                orca.close();
            }
        }
        if (images != null) {
            succeed(List.of(KubeletTools.critestImages().toString(), "--stop"), Map.of("BASE", images.toString()),
                    dir.resolve("critest-images-stop.log"), Duration.ofMinutes(1));
        }
    }

    @Test
    void everySpecPassesOnRunc() throws Exception {
        assertAllPass("runc", Map.of());
    }

    @Test
    void everySpecPassesOnCrun() throws Exception {
        assertAllPass("crun", Map.of());
    }

    @Test
    void everySpecGvisorCanDoPassesOnRunsc() throws Exception {
        assertAllPass("runsc", NOT_ON_GVISOR);
    }

    @Test
    void everySpecAVmCanDoPassesOnVm() throws Exception {
        assertAllPass("vm", NOT_ON_VM);
    }

    private static void assertAllPass(String handler, Map<String, String> cannot) throws Exception {
        Path report = dir.resolve("critest-" + handler + ".xml");
        Path log = dir.resolve("critest-" + handler + ".log");
        List<String> skip = new ArrayList<>(List.of(UPSTREAM_DIGEST));
        skip.addAll(cannot.keySet());
        List<String> command = new ArrayList<>(List.of(KubeletTools.critest().toString(),
                "--runtime-endpoint", "unix://" + orca.socket(), "--image-endpoint", "unix://" + orca.socket(),
                "--runtime-handler", handler, "--ginkgo.junit-report", report.toString(), "--ginkgo.no-color",
                "--ginkgo.skip", String.join("|", skip.stream().map(CritestIT::quote).toList())));
        int exit = run(command, Map.of(), log, Duration.ofMinutes(15));
        Map<String, List<String>> outcome = outcomes(report);
        List<String> failed = outcome.getOrDefault("failed", List.of());
        assertTrue(failed.isEmpty(), () -> "critest on " + handler + ": failed " + failed + "\n" + tail(log));
        assertEquals(0, exit, () -> "critest on " + handler + " exited with " + exit + "\n" + tail(log));
        int expected = 80 - 1 - matched(outcome.getOrDefault("skipped", List.of()), cannot);
        assertEquals(expected, outcome.getOrDefault("passed", List.of()).size(), () -> "critest on " + handler
                + ": passed " + outcome.get("passed").size() + " of the " + expected + " that can run here\n"
                + tail(log));
    }

    /** The specs of a ginkgo JUnit report by outcome (passed, failed, skipped, pending, …). */
    static Map<String, List<String>> outcomes(Path report) throws Exception {
        Map<String, List<String>> byStatus = new TreeMap<>();
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                .getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            String name = testcase.getAttribute("name");
            if (name.startsWith("[BeforeSuite]") || name.startsWith("[AfterSuite]")) {
                continue;
            }
            byStatus.computeIfAbsent(testcase.getAttribute("status"), s -> new ArrayList<>()).add(name);
        }
        return byStatus;
    }

    /** How many of the skipped specs were skipped because this handler cannot do them. */
    private static int matched(List<String> skipped, Map<String, String> cannot) {
        return (int) skipped.stream().filter(s -> cannot.keySet().stream().anyMatch(s::contains)).count();
    }

    /** A spec name as a regular expression matching it literally. */
    private static String quote(String name) {
        return name.replaceAll("([\\\\.\\[\\]()|*+?{}^$])", "\\\\$1");
    }

    private static int run(List<String> command, Map<String, String> env, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command.get(0) + " did not finish within " + timeout + "\n" + tail(log));
        }
        return process.exitValue();
    }

    /** {@link #run}, failing unless the command exits 0. */
    private static void succeed(List<String> command, Map<String, String> env, Path log, Duration timeout)
            throws IOException, InterruptedException {
        int exit = run(command, env, log, timeout);
        if (exit != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + exit + "\n" + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
