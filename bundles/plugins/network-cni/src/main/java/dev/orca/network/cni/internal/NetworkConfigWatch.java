package dev.orca.network.cni.internal;

import dev.orca.network.cni.internal.NetworkConfigLoader.Loaded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the current network of a configuration directory: polls the directory's listing (names, sizes, modification
 * times) and reads it again when that changed. Polling also follows a directory that appears later.
 */
public final class NetworkConfigWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkConfigWatch.class);

    private final Path directory;
    private final NetworkConfigLoader loader;
    private final ScheduledExecutorService poller;
    private volatile List<String> fingerprint;
    private volatile Loaded current;

    public NetworkConfigWatch(Path directory, NetworkConfigLoader loader, Duration interval) {
        this.directory = directory;
        this.loader = loader;
        refresh();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "orca-cni-config-watch");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::refresh, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public Loaded current() {
        return current;
    }

    /** Reads the directory again if its listing changed; also called by the poller. */
    public synchronized void refresh() {
        List<String> now = fingerprint();
        if (current != null && Objects.equals(now, fingerprint)) {
            return;
        }
        fingerprint = now;
        current = loader.load();
        if (current.found()) {
            LOG.info("CNI network '{}' from {}", current.network().name(), current.network().source());
        } else {
            LOG.warn("no CNI network: {}", current.problem());
        }
    }

    private List<String> fingerprint() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().map(NetworkConfigWatch::describe).toList();
        } catch (IOException e) {
            return List.of("unlistable: " + e.getClass().getSimpleName());
        }
    }

    private static String describe(Path file) {
        try {
            return file.getFileName() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return file.getFileName() + "|gone";
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
