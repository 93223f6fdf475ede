package dev.orca.network.cni.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.network.cni.internal.NetworkConfigLoader.Loaded;
import dev.orca.spi.NetworkException;
import dev.orca.spi.NetworkStatus;
import dev.orca.spi.PodAddresses;
import dev.orca.spi.PodNetwork;
import dev.orca.spi.PodNetworkRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pod networking through CNI plug-ins, from the configuration directory's current network. */
@Component(service = PodNetwork.class, immediate = true, configurationPid = "dev.orca.network.cni",
        property = PodNetwork.NETWORK + "=cni")
@Designate(ocd = CniNetworkConfiguration.class)
public final class CniPodNetwork implements PodNetwork {

    static final String NOT_READY = "NetworkPluginNotReady";
    private static final Logger LOG = LoggerFactory.getLogger(CniPodNetwork.class);

    private final PluginLocator locator;
    private final NetworkConfigWatch watch;
    private final PluginExecutor executor;
    private final CniRunner runner;
    private final ResultCache cache;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> teardowns = new ConcurrentHashMap<>();

    @Activate
    public CniPodNetwork(CniNetworkConfiguration config) {
        this(CniSettings.from(config), new ProcessPluginExecutor());
    }

    CniPodNetwork(CniSettings settings, PluginExecutor executor) {
        ObjectMapper json = new ObjectMapper();
        this.locator = new PluginLocator(settings.pluginDirs());
        this.watch = new NetworkConfigWatch(settings.confDir(), new NetworkConfigLoader(json, settings.confDir()),
                settings.pollInterval());
        this.executor = executor;
        this.runner = new CniRunner(json, executor, locator, settings.pluginTimeout());
        this.cache = new ResultCache(json, settings.cacheDir());
    }

    @Deactivate
    public void close() {
        watch.close();
        executor.close();
    }

    /** Reads the configuration directory now instead of at the next poll. */
    void refreshForTest() {
        watch.refresh();
    }

    @Override
    public NetworkStatus status() {
        Loaded loaded = watch.current();
        if (!loaded.found()) {
            return new NetworkStatus(false, NOT_READY, loaded.problem());
        }
        NetworkConfigList network = loaded.network();
        return locator.firstMissing(network)
                .map(type -> new NetworkStatus(false, NOT_READY, "CNI network '" + network.name() + "' in "
                        + network.source() + ": plug-in binary '" + type + "' not found in "
                        + locator.searchPath()))
                .orElse(NetworkStatus.READY);
    }

    @Override
    public PodAddresses setUp(PodNetworkRequest pod) throws NetworkException {
        Loaded loaded = watch.current();
        if (!loaded.found()) {
            throw new NetworkException("pod " + pod.podId() + ": no CNI network: " + loaded.problem());
        }
        NetworkConfigList network = loaded.network();
        JsonNode result = runner.add(network, pod);
        try {
            cache.put(pod.podId(), network, result);
        } catch (IOException e) {
            NetworkException failure = new NetworkException("pod " + pod.podId()
                    + ": cannot cache the CNI result of network '" + network.name() + "': " + e, e);
            try {
                runner.del(network, pod, result);
            } catch (NetworkException undo) {
                failure.addSuppressed(undo);
            }
            throw failure;
        }
        PodAddresses addresses = new PodAddresses(CniResult.addresses(result));
        LOG.info("pod {} connected to CNI network '{}': {}", pod.podId(), network.name(), addresses.ips());
        return addresses;
    }

    @Override
    public boolean check(PodNetworkRequest pod) throws NetworkException {
        ResultCache.Entry cached;
        try {
            cached = cache.get(pod.podId()).orElseThrow(() -> new NetworkException("pod " + pod.podId()
                    + ": CNI CHECK: the pod has no recorded connection"));
        } catch (IOException e) {
            throw new NetworkException("pod " + pod.podId() + ": CNI CHECK: unreadable cache entry: " + e, e);
        }
        NetworkConfigList network = cached.network();
        if (!network.checkable()) {
            LOG.debug("pod {}: network '{}' (version {}) does not take CHECK", pod.podId(), network.name(),
                    network.cniVersion());
            return false;
        }
        runner.check(network, pod, cached.result());
        return true;
    }

    /**
     * DEL for a pod, once at a time: a second caller while one runs (the kubelet retrying StopPodSandbox, a
     * RemovePodSandbox meanwhile) waits for that one's outcome instead of starting the plug-ins again beside it, so a
     * plug-in that hangs is running once per pod, never once per retry.
     */
    @Override
    public void tearDown(PodNetworkRequest pod) throws NetworkException {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = teardowns.putIfAbsent(pod.podId(), mine);
        if (running != null) {
            LOG.info("pod {}: a CNI DEL is under way already; waiting for its outcome", pod.podId());
            outcomeOf(pod, running);
            return;
        }
        try {
            tearDownNow(pod);
            mine.complete(null);
        } catch (NetworkException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            teardowns.remove(pod.podId(), mine);
        }
    }

    private static void outcomeOf(PodNetworkRequest pod, CompletableFuture<Void> running) throws NetworkException {
        try {
            running.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NetworkException failed) {
                throw new NetworkException(failed.getMessage(), failed);
            }
            throw new NetworkException("pod " + pod.podId() + ": CNI DEL failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException("pod " + pod.podId() + ": interrupted while waiting for its CNI DEL", e);
        }
    }

    private void tearDownNow(PodNetworkRequest pod) throws NetworkException {
        Optional<ResultCache.Entry> cached;
        try {
            cached = cache.get(pod.podId());
        } catch (IOException e) {
            LOG.warn("pod {}: unreadable CNI cache, tearing down with the current network: {}", pod.podId(), e);
            cached = Optional.empty();
        }
        if (cached.isPresent()) {
            runner.del(cached.get().network(), pod, cached.get().result());
        } else {
            Loaded loaded = watch.current();
            if (!loaded.found()) {
                LOG.info("pod {}: nothing to tear down, no cached connection and no CNI network", pod.podId());
                return;
            }
            runner.del(loaded.network(), pod, null);
        }
        try {
            cache.remove(pod.podId());
        } catch (IOException e) {
            throw new NetworkException("pod " + pod.podId() + ": cannot remove its CNI cache entry: " + e, e);
        }
    }
}
