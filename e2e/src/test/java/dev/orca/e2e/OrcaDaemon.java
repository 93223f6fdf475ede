package dev.orca.e2e;

import dev.orca.cri.client.UnixSocketChannel;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.VersionRequest;
import dev.orca.testkit.MountTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Orca node daemon started as a user starts it: {@code bin/orca} of a copy of the assembled distribution, with
 * its own state root, run root and socket, its output in a log file.
 */
final class OrcaDaemon implements AutoCloseable {

    private final Path home;
    private final Path root;
    private final Path runRoot;
    private final Path log;
    private final TestNetwork network;
    private Process process;
    private String javaOptions;
    private Path javaHome;
    private UnixSocketChannel channel;

    /** Copies the distribution into {@code dir/orca}; state goes to {@code dir/root} and {@code dir/run}. */
    OrcaDaemon(Path dir) throws IOException {
        this.home = dir.resolve("orca");
        this.root = dir.resolve("root");
        this.runRoot = dir.resolve("run");
        this.log = dir.resolve("orca.log");
        copy(Path.of(System.getProperty("orca.distribution")), home);
        this.network = new TestNetwork(dir, "d", 90);
        configure("dev.orca.network.cni", network.settings(pluginDir() + ",/usr/lib/cni"));
        // The shipped features verify pulls against a containers-policy.json: the test's own, not the machine's.
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}\n");
        configure("dev.orca.signatures", java.util.Map.of("policy.path", policy.toString(), "registries.d",
                Files.createDirectories(dir.resolve("registries.d")).toString()));
        // The shipped features serve metrics on 9537: each test daemon on a port of its own, chosen when it starts.
        configure("dev.orca.metrics", java.util.Map.of("port", "0"));
    }

    /** The port the metrics endpoint serves on now (as the log says once the endpoint is up). */
    int metricsPort() throws InterruptedException {
        String serving = "serving metrics on http://127.0.0.1:";
        awaitLog(serving, Duration.ofSeconds(30));
        String text = log();
        String from = text.substring(text.lastIndexOf(serving) + serving.length());
        return Integer.parseInt(from.substring(0, from.indexOf('/')));
    }

    /**
     * The daemon's pod network, configured in deploy/ as a platform team would: a bridge and subnet of its own
     * (removed by {@link #close()}), Debian's plug-ins and the test's own from {@link #pluginDir()}.
     */
    TestNetwork network() {
        return network;
    }

    /** Where tests put CNI plug-ins of their own; searched before Debian's. */
    Path pluginDir() throws IOException {
        return Files.createDirectories(home.resolveSibling("cni/bin"));
    }

    Path home() {
        return home;
    }

    Path root() {
        return root;
    }

    /** Writes an OSGi configuration into deploy/, as a platform team would drop it there. */
    void configure(String pid, java.util.Map<String, String> properties) throws IOException {
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(home.resolve("deploy/" + pid + ".cfg"), text.toString());
    }

    /**
     * Starts a daemon whose image store reads {@code registriesConf} (written to {@code dir/registries.conf}) and any
     * further image store settings, and waits until the image store has them.
     */
    static OrcaDaemon withRegistries(Path dir, String registriesConf, java.util.Map<String, String> imageSettings,
            List<String> options) throws Exception {
        Path conf = dir.resolve("registries.conf");
        Files.writeString(conf, registriesConf);
        java.util.Map<String, String> settings = new java.util.HashMap<>(imageSettings);
        settings.put("registries.conf", conf.toString());
        OrcaDaemon orca = new OrcaDaemon(dir);
        orca.configure("dev.orca.image", settings);
        orca.start(options);
        orca.awaitLog("registries from " + conf, Duration.ofSeconds(30));
        return orca;
    }

    /** registries.conf text that lets Orca pull from these test registries over plain HTTP or unverified TLS. */
    static String insecure(String... hosts) {
        StringBuilder text = new StringBuilder();
        for (String host : hosts) {
            text.append("[[registry]]\nlocation = \"").append(host).append("\"\ninsecure = true\n\n");
        }
        return text.toString();
    }

    /** registries.conf text that sends pulls from these registry domains to {@code mirror} (plain HTTP). */
    static String mirrored(String mirror, String... domains) {
        StringBuilder text = new StringBuilder();
        for (String domain : domains) {
            text.append("[[registry]]\nprefix = \"").append(domain).append("\"\nlocation = \"").append(domain)
                    .append("\"\n[[registry.mirror]]\nlocation = \"").append(mirror)
                    .append("\"\ninsecure = true\n\n");
        }
        return text.toString();
    }

    /** PullImage; returns the image reference Orca answers (the image ID). */
    String pull(String reference, dev.orca.cri.v1.AuthConfig auth) {
        return images().pullImage(dev.orca.cri.v1.PullImageRequest.newBuilder()
                .setImage(dev.orca.cri.v1.ImageSpec.newBuilder().setImage(reference)).setAuth(auth).build())
                .getImageRef();
    }

    String pull(String reference) {
        return pull(reference, dev.orca.cri.v1.AuthConfig.getDefaultInstance());
    }

    dev.orca.cri.v1.ImageServiceGrpc.ImageServiceBlockingStub images() {
        return dev.orca.cri.v1.ImageServiceGrpc.newBlockingStub(channel().channel());
    }

    Path socket() {
        return runRoot.resolve("orca.sock");
    }

    /** Runs Gogo commands (one a line, each ending in a newline) in {@code bin/orca shell}; returns what it printed. */
    String shell(String commands) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(home.resolve("bin/orca").toString(), "shell", "--shell-socket",
                shellSocket().toString()).redirectErrorStream(true).start();
        process.getOutputStream().write((commands + "exit\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("orca shell did not finish within 60 s: " + output);
        }
        return output;
    }

    Path shellSocket() {
        return runRoot.resolve("shell.sock");
    }

    List<String> commonOptions() {
        return List.of("--root", root.toString(), "--run-root", runRoot.toString());
    }

    /** Starts {@code bin/orca} and waits until its socket answers Version. */
    OrcaDaemon start() throws Exception {
        return start(List.of());
    }

    /** Starts {@code bin/orca} with more options (such as {@code --features}) and waits until it answers. */
    OrcaDaemon start(List<String> options) throws Exception {
        List<String> args = new ArrayList<>(commonOptions());
        args.addAll(options);
        process = launch(args, log);
        awaitServing(Duration.ofSeconds(60));
        return this;
    }

    /** Starts {@code bin/orca} with more options, and does not wait for it to answer. */
    OrcaDaemon launch(List<String> options) throws IOException {
        List<String> args = new ArrayList<>(commonOptions());
        args.addAll(options);
        process = launch(args, log);
        return this;
    }

    /** The JVM ({@code JAVA_HOME}) for the daemon's later starts and bin/orca's other commands. */
    OrcaDaemon javaHome(Path jdk) {
        this.javaHome = jdk;
        return this;
    }

    /** JVM options ({@code ORCA_JAVA_OPTS}) for the daemon's later starts. */
    OrcaDaemon javaOptions(String options) {
        this.javaOptions = options;
        return this;
    }

    /** Starts {@code bin/orca ARGS} with output to {@code output}; does not wait. */
    Process launch(List<String> args, Path output) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/orca").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        if (javaOptions != null) {
            builder.environment().put("ORCA_JAVA_OPTS", javaOptions);
        }
        if (javaHome != null) {
            builder.environment().put("JAVA_HOME", javaHome.toString());
        }
        return builder.start();
    }

    void awaitServing(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("orca exited with " + process.exitValue() + ":\n" + log());
            }
            if (Files.exists(socket())) {
                try {
                    runtime().withDeadlineAfter(2, TimeUnit.SECONDS).version(VersionRequest.getDefaultInstance());
                    return;
                } catch (RuntimeException notYet) {
                    closeChannel();
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("orca did not answer Version within " + timeout + ":\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /** The RuntimeClass handlers Status offers now. */
    java.util.Set<String> offeredHandlers() {
        return runtime().status(dev.orca.cri.v1.StatusRequest.getDefaultInstance()).getRuntimeHandlersList().stream()
                .map(dev.orca.cri.v1.RuntimeHandler::getName).filter(n -> !n.isEmpty())
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The verbose Status's {@code handlers} entry: each handler deployed, with its default mark and offer. */
    com.fasterxml.jackson.databind.JsonNode handlerInfo() {
        String json = runtime().status(dev.orca.cri.v1.StatusRequest.newBuilder().setVerbose(true).build())
                .getInfoOrDefault("handlers", "{}");
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handler pods that name none run on now, if there is one. */
    java.util.Optional<String> defaultHandler() {
        java.util.Iterator<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> handlers =
                handlerInfo().fields();
        while (handlers.hasNext()) {
            var handler = handlers.next();
            if (handler.getValue().path("default").asBoolean()) {
                return java.util.Optional.of(handler.getKey());
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The handler names of this node's {@code deploy/} configurations that offer themselves as the default: once all
     * of them are registered, the default is the one the configurations choose, not whichever came first.
     */
    java.util.Set<String> defaultCandidatesDeployed() throws IOException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(home.resolve("deploy"))) {
            for (Path cfg : files.filter(f -> f.getFileName().toString().matches("dev\\.orca\\.runtime\\..*\\.cfg"))
                    .toList()) {
                java.util.Properties p = new java.util.Properties();
                try (var in = Files.newBufferedReader(cfg)) {
                    p.load(in);
                }
                if (Boolean.parseBoolean(p.getProperty("orca.runtime.default", "false").strip())
                        && p.getProperty("orca.runtime.handler") != null) {
                    names.add(p.getProperty("orca.runtime.handler").strip());
                }
            }
        }
        return names;
    }

    /** Waits until Status offers every one of these handlers, or fails after 20 s. */
    void awaitHandlers(java.util.Set<String> names) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!offeredHandlers().containsAll(names)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("handlers " + names + " never all offered: " + offeredHandlers() + "\n"
                        + log());
            }
            Thread.sleep(100);
        }
    }

    Process process() {
        return process;
    }

    RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        if (channel == null) {
            channel = new UnixSocketChannel(socket());
        }
        return RuntimeServiceGrpc.newBlockingStub(channel.channel());
    }

    UnixSocketChannel channel() {
        runtime();
        return channel;
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the log contains {@code text}, or fails after {@code timeout}. */
    void awaitLog(String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!log().contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the log never said '" + text + "':\n" + log());
            }
            Thread.sleep(50);
        }
    }

    void kill9() throws InterruptedException {
        closeChannel();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as systemd stops it; returns the exit code. */
    int terminate() throws InterruptedException {
        closeChannel();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("orca did not stop within 30s of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    /** Forgets the connection to the daemon: the next call connects afresh (no reconnect back-off to wait out). */
    void closeChannel() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /**
     * Kills the daemon if it still runs; a kill in its first second may catch a storage driver's start-up probe
     * mounted in staging, which is taken off here so that the test's directory can be deleted (the next start would
     * take it off too). Tests that check what the daemon leaves behind check before this.
     */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill9();
        }
        closeChannel();
        try {
            try (Stream<Path> drivers = Files.isDirectory(root.resolve("storage"))
                    ? Files.list(root.resolve("storage")) : Stream.empty()) {
                for (Path driver : drivers.toList()) {
                    MountTable.unmountUnder(driver.resolve("staging"));
                }
            }
            network.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (dev.orca.testkit.ClassArchives.FILES.contains(from.relativize(source).toString())) {
                    continue; // a class archive names the jars it was made from: a copy cannot use it
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
