package dev.orca.bench;

import dev.orca.cri.client.UnixSocketChannel;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.VersionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A node for a benchmark: a copy of the distribution in a scratch directory, started with bin/orca, its image store
 * pointed at the benchmark's registry, and a CRI channel to it.
 */
final class BenchNode implements AutoCloseable {

    /** gRPC's client asks unix sockets for SO_KEEPALIVE, and Netty warns on every connection; held so it stays set. */
    private static final java.util.logging.Logger NETTY_BOOTSTRAP_LOG =
            java.util.logging.Logger.getLogger("io.netty.bootstrap");

    private final Path work;
    private final Process orca;
    private final UnixSocketChannel channel;

    BenchNode(Path distribution, Path work, String registryHost) throws Exception {
        this(distribution, work, registryHost, List.of(), java.util.Map.of());
    }

    /**
     * @param options more bin/orca options, such as {@code --features}
     * @param deployFiles configuration files (name to text) dropped into deploy/ before the start
     */
    BenchNode(Path distribution, Path work, String registryHost, List<String> options,
            java.util.Map<String, String> deployFiles) throws Exception {
        this(distribution, work, registryHost, options, deployFiles, java.util.Map.of());
    }

    /** @param environment more variables for bin/orca ({@code ORCA_JAVA_OPTS}, say) */
    BenchNode(Path distribution, Path work, String registryHost, List<String> options,
            java.util.Map<String, String> deployFiles, java.util.Map<String, String> environment) throws Exception {
        NETTY_BOOTSTRAP_LOG.setLevel(java.util.logging.Level.SEVERE);
        this.work = work;
        Path conf = work.resolve("registries.conf");
        Files.writeString(conf, "[[registry]]\nlocation = \"" + registryHost + "\"\ninsecure = true\n");
        Path home = work.resolve("orca");
        copy(distribution, home);
        Files.writeString(home.resolve("deploy/dev.orca.image.cfg"), "registries.conf = " + conf + "\n");
        for (var file : deployFiles.entrySet()) {
            Files.writeString(home.resolve("deploy").resolve(file.getKey()), file.getValue());
        }
        archiveClassesAsInstalled(distribution, home);
        Path log = work.resolve("orca.log");
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/orca").toString(), "--root",
                work.resolve("root").toString(), "--run-root", work.resolve("run").toString()));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        orca = builder.start();
        channel = awaitServing(work.resolve("run/orca.sock"));
        awaitLog(log, "registries from " + conf);
    }

    Path home() {
        return work.resolve("orca");
    }

    Path log() {
        return work.resolve("orca.log");
    }

    UnixSocketChannel channel() {
        return channel;
    }

    /** The CRI socket, for more connections than {@link #channel()}. */
    Path socket() {
        return work.resolve("run/orca.sock");
    }

    /** The daemon's process ID. */
    long pid() {
        return orca.pid();
    }

    Path work() {
        return work;
    }

    /** The CPU time the daemon has used so far (user and system), in ms, from /proc. */
    double cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(orca.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3, utime 14 and stime 15 (1-based), in clock ticks of 10 ms
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
    }

    /** The daemon's thread count, from /proc. */
    String threads() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(orca.pid()), "status")).stream()
                .filter(l -> l.startsWith("Threads:")).map(l -> l.substring("Threads:".length()).trim()).findFirst()
                .orElse("?");
    }

    private UnixSocketChannel awaitServing(Path socket) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!orca.isAlive()) {
                throw new IllegalStateException("orca exited with " + orca.exitValue());
            }
            if (Files.exists(socket)) {
                UnixSocketChannel candidate = new UnixSocketChannel(socket);
                try {
                    RuntimeServiceGrpc.newBlockingStub(candidate.channel()).withDeadlineAfter(1, TimeUnit.SECONDS)
                            .version(VersionRequest.getDefaultInstance());
                    return candidate;
                } catch (RuntimeException notYet) {
                    candidate.close();
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("orca did not serve within 60s");
    }

    /** Waits until the log says {@code text} (File Install has handed a configuration over, say). */
    static void awaitLog(Path log, String text) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the log never said '" + text + "'");
    }

    @Override
    public void close() throws Exception {
        channel.close();
        orca.destroy();
        orca.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * A copy of a distribution installed with a class archive ({@code orca class-archive}, which start.sh runs) gets
     * an archive of its own, as an installation would: an archive names the jars it was made from, so the copy's
     * start would ignore the original's.
     */
    static void archiveClassesAsInstalled(Path distribution, Path home) throws IOException {
        if (!dev.orca.testkit.ClassArchives.in(distribution)) {
            return;
        }
        Path log = home.resolveSibling("class-archive.log");
        Process archive = new ProcessBuilder(home.resolve("bin/orca").toString(), "class-archive")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (archive.waitFor() != 0) {
                throw new IOException("orca class-archive failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while archiving classes", e);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
