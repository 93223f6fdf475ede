package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.cri.v1.LinuxPodSandboxConfig;
import dev.orca.cri.v1.LinuxSandboxSecurityContext;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.cri.v1.PodSandboxStatus;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet asks for a pod the moment the runtime's socket answers, while the plug-in bundles (the runc handler
 * from its deploy/ configuration, the image store, the CNI network) are still starting: the daemon waits for what
 * the pod needs and makes it, instead of answering "no default runtime handler is deployed; available: none".
 */
class StartupIT {

    private static final java.util.regex.Pattern JAVA_VERSION = java.util.regex.Pattern.compile(
            "^JAVA_VERSION=\"(\\d+)", java.util.regex.Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void aPodAskedForTheMomentTheSocketAnswersIsMadeWithItsNetwork() throws Exception {
        try (OrcaDaemon orca = new OrcaDaemon(dir.resolve("node"))) {
            CriPods pods = new CriPods(orca, "unused", dir.resolve("logs"));
            PodSandboxConfig config = pods.pod("early", Map.of());
            long launched = System.nanoTime();
            orca.launch(List.of());
            awaitConnectable(orca);
            long answering = System.nanoTime();

            String id = orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
                    .getPodSandboxId();

            long made = System.nanoTime();
            System.out.printf("socket answered %d ms after the launch; the pod was made %d ms after that%n",
                    (answering - launched) / 1_000_000, (made - answering) / 1_000_000);
            orca.log().lines().filter(l -> l.contains("serving the CRI") || l.contains("deployed")
                    || l.contains("node is ready") || l.contains("start-up") || l.contains("RunPodSandbox")
                    || l.contains("is sandbox")).forEach(System.out::println);
            PodSandboxStatus status = orca.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                    .setPodSandboxId(id).build()).getStatus();
            assertEquals(PodSandboxState.SANDBOX_READY, status.getState());
            assertFalse(status.getNetwork().getIp().isEmpty(), "the pod is on the network: " + status);
            orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
            orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        }
    }

    /**
     * Class-data sharing as start.sh sets it up at install time: {@code orca class-archive} writes lib/orca.jsa, and
     * the next start maps it (with {@code -Xshare:on} a JVM that cannot map its archive refuses to start) and takes
     * the classes of the boot bundles from it, not only the JDK's. Its training node answered calls and ran a pod, so
     * a node's first calls and first pod take their classes from it too; and nothing sets up JFR's event machinery
     * for Netty's allocator events.
     */
    @Test
    void aClassArchiveWrittenAtInstallTimeServesTheNextStartsClasses() throws Exception {
        try (OrcaDaemon orca = new OrcaDaemon(dir.resolve("node"))) {
            Process archiving = new ProcessBuilder(orca.home().resolve("bin/orca").toString(), "class-archive")
                    .redirectErrorStream(true).start();
            String output = new String(archiving.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(archiving.waitFor(120, TimeUnit.SECONDS), output);
            assertEquals(0, archiving.exitValue(), output);
            assertTrue(output.contains("class archive " + orca.home().resolve("lib/orca.jsa") + " written"), output);
            assertTrue(output.contains("training calls made in") && !output.contains("these failed"), output);
            Path loaded = dir.resolve("class-load.log");

            orca.javaOptions("-Xshare:on -Xlog:class+load=info:file=" + loaded).start();
            runAndRemoveAPodOnTheHostNetwork(orca);

            assertBootClassesServedFrom(loaded, "source: shared objects file (top)");
            List<String> classes = Files.readAllLines(loaded);
            for (String firstCalls : List.of("dev.orca.core.internal.cri.Unary", // every call's answer
                    "dev.orca.core.internal.cri.SandboxTranslation", // RunPodSandbox
                    "io.grpc.internal.ServerImpl$JumpToApplicationThreadServerStreamListener")) {
                String fromArchive = " " + firstCalls + " source: shared objects";
                assertTrue(classes.stream().anyMatch(line -> line.contains(fromArchive)),
                        firstCalls + " comes from the archive");
            }
            assertTrue(classes.stream().noneMatch(line -> line.contains(" jdk.jfr.internal.MetadataRepository ")),
                    "no JFR event machinery set up");
            assertFalse(orca.log().contains("Unable to use shared archive"), orca.log());
        }
    }

    /**
     * With {@code JAVA_HOME} on a JDK 25 or later, {@code orca class-archive} writes an ahead-of-time cache
     * (lib/orca.aot: classes loaded and linked) instead of JDK 17's dynamic archive, and the daemon's next start on
     * that JDK serves the framework's, the core's and the CRI API's classes from it.
     */
    @Test
    void onJdk25TheClassArchiveIsAnAheadOfTimeCacheThatServesTheNextStartsClasses() throws Exception {
        Path jdk = jdkOfAtLeast(25);
        assumeTrue(jdk != null, "no JDK 25 or later in /usr/lib/jvm: its ahead-of-time cache is not tested here");
        try (OrcaDaemon orca = new OrcaDaemon(dir.resolve("node")).javaHome(jdk)) {
            Path archivingLog = dir.resolve("class-archive.log");
            Process archiving = orca.launch(List.of("class-archive"), archivingLog);
            assertTrue(archiving.waitFor(180, TimeUnit.SECONDS), Files.readString(archivingLog));
            String output = Files.readString(archivingLog);
            assertEquals(0, archiving.exitValue(), output);
            assertTrue(output.contains("class archive " + orca.home().resolve("lib/orca.aot") + " written"), output);
            assertFalse(Files.exists(orca.home().resolve("lib/orca.jsa")), "no JDK 17 archive beside it");
            Path loaded = dir.resolve("class-load.log");

            orca.javaOptions("-Xlog:class+load=info:file=" + loaded).start();

            assertEquals(jdk.resolve("bin/java").toRealPath(),
                    Files.readSymbolicLink(Path.of("/proc", Long.toString(orca.process().pid()), "exe")),
                    "the daemon runs on JAVA_HOME's JVM");
            assertBootClassesServedFrom(loaded, "source: shared objects file");
            assertFalse(orca.log().contains("Unable to use") || orca.log().contains("[warning][aot"), orca.log());
            assertFalse(orca.log().contains("sun.misc.Unsafe") || orca.log().contains("A restricted method"),
                    "no JDK warning about Felix's Unsafe or Netty's native library: " + orca.log());
        }
    }

    private static void runAndRemoveAPodOnTheHostNetwork(OrcaDaemon orca) {
        PodSandboxConfig config = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("first").setNamespace("startup").setUid("first"))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext
                        .newBuilder().setNamespaceOptions(NamespaceOption.newBuilder()
                                .setNetwork(NamespaceMode.NODE))))
                .build();
        String id = orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
                .getPodSandboxId();
        orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    }

    /** The JVM's class-load log shows the framework's, the core's and the CRI API's classes coming from the archive. */
    private static void assertBootClassesServedFrom(Path classLoadLog, String source) throws IOException {
        List<String> fromArchive = Files.readAllLines(classLoadLog).stream().filter(line -> line.contains(source))
                .toList();
        for (String classes : List.of("org.apache.felix.framework.", "dev.orca.core.", "dev.orca.cri.v1.")) {
            assertTrue(fromArchive.stream().anyMatch(line -> line.contains(" " + classes)),
                    classes + "* classes come from the archive (" + source + ")");
        }
    }

    /** A JDK of at least {@code feature} in /usr/lib/jvm (from its release file), or null. */
    private static Path jdkOfAtLeast(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
                    continue;
                }
                var version = JAVA_VERSION.matcher(Files.readString(release));
                if (version.find() && Integer.parseInt(version.group(1)) >= feature) {
                    return home;
                }
            }
        }
        return null;
    }

    /**
     * bin/orca has the JVM hand the C heap's freed memory back to the system every second (the JIT's compiler arenas,
     * what the start freed): the JVM's own log of the trims, switched on for the test, shows them happening.
     */
    @Test
    void theDaemonGivesFreedNativeMemoryBackToTheSystemEverySecond() throws Exception {
        Path trims = dir.resolve("trim.log");
        try (OrcaDaemon orca = new OrcaDaemon(dir.resolve("node"))) {
            orca.javaOptions("-Xlog:trimnative=info:file=" + trims).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> periodic = List.of();
            while (periodic.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                periodic = Files.readAllLines(trims).stream().filter(line -> line.contains("Periodic Trim")).toList();
            }
            assertTrue(Files.readString(trims).contains("Periodic native trim enabled (interval: 1000 ms)"),
                    Files.readString(trims));
            assertTrue(periodic.size() >= 2, "no periodic trims within 10 s: " + Files.readString(trims));
        }
    }

    /**
     * While the node starts, its JIT threads run at the lowest priority (bin/orca asks the JVM for it where the daemon
     * may raise them back, CAP_SYS_NICE); once every feature has started, the launcher puts them back at the daemon's
     * own priority, and says so.
     */
    @Test
    void theJitThreadsWaitWhileTheNodeStartsAndAreBackAtTheDaemonsPriorityOnceItHasStarted() throws Exception {
        String capabilities = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow().substring(7).strip();
        assumeTrue((Long.parseUnsignedLong(capabilities, 16) >> 23 & 1) == 1,
                "these tests run without CAP_SYS_NICE, so bin/orca leaves the JIT threads' priority alone");
        try (OrcaDaemon orca = new OrcaDaemon(dir.resolve("node"))) {
            orca.start();
            long pid = orca.process().pid();
            String command = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            assertTrue(command.contains("-XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=19"), command);

            orca.awaitLog("JIT threads back at nice 0 (nice 19 while the node started)", Duration.ofSeconds(60));

            List<String> jit = new java.util.ArrayList<>();
            List<String> others = new java.util.ArrayList<>();
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (java.nio.file.NoSuchFileException ended) {
                        continue;
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String nice = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
                    (name.contains("CompilerThre") ? jit : others).add(name + " at nice " + nice);
                }
            }
            assertFalse(jit.isEmpty(), "the daemon has JIT compiler threads");
            assertTrue(jit.stream().allMatch(t -> t.endsWith(" at nice 0")), jit.toString());
            // the VM thread, the reference handler, the process reapers: none above or below the daemon's priority
            assertTrue(others.stream().allMatch(t -> t.endsWith(" at nice 0")), others.toString());
        }
    }

    /** Spins until a client can connect to the socket: the first moment the kubelet could call. */
    private static void awaitConnectable(OrcaDaemon orca) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(orca.socket());
        while (true) {
            if (!orca.process().isAlive()) {
                throw new AssertionError("orca exited with " + orca.process().exitValue() + ":\n" + orca.log());
            }
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(address);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the socket never answered:\n" + orca.log());
                }
                Thread.onSpinWait();
            }
        }
    }
}
