package dev.orca.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code bin/orca}: the node daemon in the foreground, {@code orca shell}, {@code --version}, {@code --help}. */
public final class Orca {

    static final String USAGE = """
            Usage: orca [options]          run the node daemon in the foreground (as systemd expects)
                   orca shell [options]    open the Gogo shell of the running daemon (root only)
                   orca class-archive      record the classes a start loads in lib/orca.jsa (class-data
                                           sharing), which later starts map instead of loading them
                   orca --version          print Orca's version
                   orca --help             print this help

            Options (they override conf/orca.properties):
              --socket PATH       CRI socket (default /run/orca/orca.sock)
              --root DIR          persistent state: images, containers (default /var/lib/orca)
              --run-root DIR      runtime state: sockets, exit files (default /run/orca)
              --features LIST     features to boot, comma-separated (default: orca.features in
                                  conf/orca.properties)
              --shell-socket PATH the shell's socket (default RUN_ROOT/shell.sock)
            """;

    /** How many of the slowest bundle starts the start-up's log line names. */
    private static final int SLOWEST_SHOWN = 5;

    private Orca() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) {
        Deque<String> words = new ArrayDeque<>(args);
        String command = words.isEmpty() || words.peek().startsWith("--") && !isInfo(words.peek())
                ? "run" : words.pop();
        try {
            switch (command) {
                case "--version", "version" -> {
                    System.out.println("orca " + version());
                    return 0;
                }
                case "--help", "help", "-h" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                case "shell" -> {
                    return new ShellClient(settings(words).shellSocket()).run(System.in, System.out);
                }
                case "run" -> {
                    return daemon(settings(words));
                }
                case "class-archive" -> {
                    return startAndStop(settings(words));
                }
                default -> throw new IllegalArgumentException("unknown command '" + command + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("orca: " + e.getMessage() + "\n\n" + USAGE);
            return 2;
        } catch (IOException e) {
            System.err.println("orca: " + e.getMessage());
            return 1;
        }
    }

    private static boolean isInfo(String word) {
        return word.equals("--version") || word.equals("--help");
    }

    static String version() {
        String version = Orca.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    private static Settings settings(Deque<String> options) throws IOException {
        Settings settings = Settings.load(Path.of(System.getProperty("orca.home", ".")).toAbsolutePath());
        while (!options.isEmpty()) {
            String option = options.pop();
            if (options.isEmpty()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = options.pop();
            switch (option) {
                case "--socket" -> settings.set(Settings.SOCKET, value);
                case "--root" -> settings.set(Settings.ROOT, value);
                case "--run-root" -> settings.set(Settings.RUN_ROOT, value);
                case "--features" -> settings.set(Settings.FEATURES, value);
                case "--shell-socket" -> settings.set(Settings.SHELL_SOCKET, value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return settings;
    }

    /** java.util.logging (File Install's, the JDK's) into the daemon's log. */
    private static void bridgeJavaLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    private static int daemon(Settings settings) {
        bridgeJavaLogging();
        Logger log = LoggerFactory.getLogger(Orca.class);
        settings.set("orca.daemon", "true");
        log.info("Orca {} starting (home {}, socket {})", version(), settings.home(), settings.socket());
        // The guard is held, and its lock kept, for as long as the daemon runs.
        AtomicBoolean stopRequested = new AtomicBoolean();
        try (DaemonGuard guard = DaemonGuard.acquire(settings.root(), settings.socket())) {
            BootTimes times = new BootTimes();
            Framework framework = NodeFramework.create(settings, times);
            // Before any bundle starts: a SIGTERM while the node is still starting must stop it cleanly too.
            stopOnSignal(framework, stopRequested, log);
            NodeFramework.startBundles(framework, times);
            log.info("every feature started: {}", times.summary(SLOWEST_SHOWN));
            restoreCompilerPriority(log);
            return serveUntilStopped(framework, stopRequested, log);
        } catch (IOException | BundleException e) {
            if (stopRequested.get()) {
                return 0;
            }
            log.error("Orca could not start: {}", e.getMessage());
            return 1;
        }
    }

    /**
     * Boots the node as the daemon does, every feature's bundles started, then stops it: {@code bin/orca
     * class-archive} runs this on a scratch root with {@code -XX:ArchiveClassesAtExit}, so that the JVM writes the
     * classes of a start into the archive when it exits.
     */
    private static int startAndStop(Settings settings) {
        bridgeJavaLogging();
        Logger log = LoggerFactory.getLogger(Orca.class);
        try (DaemonGuard guard = DaemonGuard.acquire(settings.root(), settings.socket())) {
            BootTimes times = new BootTimes();
            Framework framework = NodeFramework.create(settings, times);
            NodeFramework.startBundles(framework, times);
            log.info("every feature started: {}", times.summary(SLOWEST_SHOWN));
            train(settings.home(), settings.socket(), log);
            log.info("stopping, so that the JVM writes its class archive");
            framework.stop();
            framework.waitForStop(20_000);
            return 0;
        } catch (IOException | BundleException e) {
            log.error("Orca could not start: {}", e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * Has {@link ArchiveTrainingClient} make a node's first calls and run a pod against the training node, so that
     * the archive also holds the classes those load. Calls that fail, or a client that cannot run, still leave an
     * archive of the start.
     */
    private static void train(Path home, Path socket, Logger log) {
        long began = System.nanoTime();
        try {
            List<String> failures = ArchiveTrainingClient.run(home, socket);
            long millis = (System.nanoTime() - began) / 1_000_000;
            if (failures.isEmpty()) {
                log.info("training calls made in {} ms: the lookups, and a pod run and removed", millis);
            } else {
                log.warn("training calls made in {} ms; these failed, and the archive lacks what they load: {}",
                        millis, failures);
            }
        } catch (IOException e) {
            log.warn("training calls not made ({}): the class archive holds the start's classes only",
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link CompilerPriority}: the JIT's compiler threads, lowered while the node started, back at its priority. */
    private static void restoreCompilerPriority(Logger log) {
        try {
            CompilerPriority.restore(new ProcThreadNiceness()).ifPresent(log::info);
        } catch (IOException e) {
            log.warn("the JIT's compiler threads stay at the start's low priority: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopOnSignal(Framework framework, AtomicBoolean stopRequested, Logger log) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (framework.getState() != Bundle.ACTIVE && framework.getState() != Bundle.STARTING) {
                return;
            }
            stopRequested.set(true);
            log.info("Orca stopping (containers keep running)");
            try {
                framework.stop();
                framework.waitForStop(20_000);
            } catch (BundleException | InterruptedException e) {
                log.warn("stopping the framework: {}", e.getMessage());
            }
        }, "orca-shutdown"));
    }

    private static int serveUntilStopped(Framework framework, AtomicBoolean stopRequested, Logger log) {
        try {
            framework.waitForStop(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopRequested.get()) {
            return 0;
        }
        log.error("Orca stopped: the framework was stopped from inside (the CRI endpoint failed, or a shell"
                + " command stopped it)");
        return 1;
    }
}
