package dev.orca.image.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;

import dev.orca.os.Linux;
import dev.orca.os.Waiting;
import dev.orca.image.internal.config.RegistriesConf;
import dev.orca.image.internal.gc.FileStoreGauge;
import dev.orca.image.internal.gc.GcPlanner;
import dev.orca.image.internal.gc.GcRun;
import dev.orca.image.internal.gc.GcThresholds;
import dev.orca.image.internal.gc.ImageGarbageCollector;
import dev.orca.image.internal.gc.PinnedImages;
import dev.orca.image.internal.gc.StoredImage;
import dev.orca.image.internal.pull.ImagePuller;
import dev.orca.image.internal.reference.ImageReference;
import dev.orca.image.internal.reference.ShortNames;
import dev.orca.image.internal.registry.RegistryClient;
import dev.orca.image.internal.store.ImageCatalog;
import dev.orca.os.FileTrees;
import dev.orca.spi.Image;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import dev.orca.spi.ImageStore;
import dev.orca.spi.ImagesInUse;
import dev.orca.spi.NodePaths;
import dev.orca.spi.RegistryCredentials;
import dev.orca.spi.StorageDriver;
import dev.orca.spi.StorageUsage;
import dev.orca.spi.metrics.MetricSource;
import dev.orca.spi.policy.ImagePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's image store: pulls through the registry client into the configured storage driver, and keeps the
 * catalog of images. Layers no image uses are removed with the last image that used them, and at start.
 */
@Component(service = {ImageStore.class, ImageStoreService.class}, configurationPid = "dev.orca.image")
@Designate(ocd = ImageStoreConfiguration.class)
public final class ImageStoreService implements ImageStore {

    private static final Logger LOG = LoggerFactory.getLogger(ImageStoreService.class);
    private static final Duration DRIVER_PATIENCE = Duration.ofSeconds(5);
    private static final Duration DRIVER_POLL = Duration.ofMillis(20);

    private final List<StorageDriver> drivers = new CopyOnWriteArrayList<>();
    private volatile ImagePolicy policy;
    private final ImageStoreConfiguration config;
    private final RegistriesConfFile registries;
    private final ImageCatalog catalog;
    private final RegistryClient registry;
    private final ExecutorService downloads;
    private final ExecutorService appliers;
    private final ImagePuller puller;
    private final UsageCache usage;
    private final PinnedImages pins;
    private final ImageLookups lookups = new ImageLookups();
    private final ImageGarbageCollector collector;
    private final ScheduledExecutorService collections;
    private volatile ImagesInUse imagesInUse;
    private final ImageMetrics metrics;
    private final Path root;
    private final OutOfSpace outOfSpace = new OutOfSpace(Linux.mounts());
    private final ServiceRegistration<MetricSource> metricSource;

    @Activate
    public ImageStoreService(BundleContext context, ImageStoreConfiguration config) throws IOException {
        this.config = config;
        if (config.parallel_downloads() < 1 || config.no_progress_timeout_seconds() < 1) {
            throw new IllegalArgumentException("parallel.downloads and no.progress.timeout.seconds must be positive");
        }
        String orcaRoot = NodePaths.root(context.getProperty(NodePaths.ROOT));
        this.root = config.root().isBlank() ? Path.of(orcaRoot, "images") : Path.of(config.root());
        this.registries = new RegistriesConfFile(Path.of(config.registries_conf()));
        this.catalog = new ImageCatalog(root.resolve("catalog"));
        Path scratch = root.resolve("downloads");
        // Downloads a killed daemon left are of no use: every pull starts afresh.
        FileTrees.delete(scratch);
        Files.createDirectories(scratch);
        this.registry = new RegistryClient(Duration.ofSeconds(config.no_progress_timeout_seconds()));
        this.downloads = Executors.newFixedThreadPool(config.parallel_downloads(), named("orca-image-download"));
        this.appliers = Executors.newCachedThreadPool(named("orca-image-apply"));
        this.usage = new UsageCache(root, this::driver);
        this.metrics = new ImageMetrics(root, usage);
        this.puller = new ImagePuller(registry, catalog, downloads, appliers, scratch, config.platform(),
                () -> policy, metrics);
        this.metricSource = context.registerService(MetricSource.class, metrics, null);
        this.pins = new PinnedImages(config.pinned_images());
        GcThresholds thresholds = new GcThresholds(config.gc_high_used_percent(), config.gc_low_used_percent(),
                config.gc_high_min_free_bytes(), config.gc_low_min_free_bytes());
        this.collector = new ImageGarbageCollector(new GcPlanner(thresholds), new FileStoreGauge(root),
                new CollectableImages(), () -> imagesInUse);
        this.collections = Executors.newSingleThreadScheduledExecutor(named("orca-image-gc"));
        if (config.gc_interval_seconds() < 0) {
            throw new IllegalArgumentException("gc.interval.seconds must not be negative");
        }
        if (config.gc_interval_seconds() > 0) {
            collections.scheduleWithFixedDelay(this::scheduledCollection, config.gc_interval_seconds(),
                    config.gc_interval_seconds(), TimeUnit.SECONDS);
        }
        LOG.info("image store at {} with {} images; layers in storage driver '{}'; registries from {}", root,
                catalog.all().size(), config.storage_driver(), config.registries_conf());
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(StorageDriver driver) {
        drivers.add(driver);
        if (driver.name().equals(config.storage_driver())) {
            collectUnusedLayers(driver);
        }
    }

    void unbindDriver(StorageDriver driver) {
        drivers.remove(driver);
    }

    /** Without a policy bundle, images are pulled without verification (as the README says). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicy(ImagePolicy deployed) {
        this.policy = deployed;
        LOG.info("image policy {} in force for pulls", deployed.getClass().getName());
    }

    void unbindPolicy(ImagePolicy gone) {
        if (policy == gone) {
            policy = null;
            LOG.warn("no image policy deployed: pulls are not verified");
        }
    }

    /** The core's view of the containers; without it, garbage collection removes nothing. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindImagesInUse(ImagesInUse deployed) {
        this.imagesInUse = deployed;
    }

    void unbindImagesInUse(ImagesInUse gone) {
        if (imagesInUse == gone) {
            imagesInUse = null;
        }
    }

    /** One image garbage collection now, on the caller's thread; dry, it only says what it would remove. */
    public GcRun collectGarbage(boolean dryRun) throws ImageException {
        return collectOneAtATime(dryRun);
    }

    /** Runs of the collector, scheduled or asked for, one at a time. */
    private GcRun collectOneAtATime(boolean dryRun) throws ImageException {
        synchronized (collector) {
            return collector.collect(dryRun);
        }
    }

    private void scheduledCollection() {
        try {
            collectOneAtATime(false);
        } catch (ImageException | RuntimeException e) {
            LOG.warn("scheduled image garbage collection did nothing: {}", e.getMessage());
        }
    }

    /** The catalog as garbage collection sees it: images marked pinned, with their last use. */
    private final class CollectableImages implements ImageGarbageCollector.Images {
        @Override
        public List<StoredImage> stored() {
            return catalog.all().stream().map(i -> new StoredImage(pins.mark(i), catalog.lastUsed(i))).toList();
        }

        @Override
        public void remove(Image image) throws ImageException {
            ImageStoreService.this.remove(image.id());
        }
    }

    @Deactivate
    void stop() {
        collections.shutdownNow();
        metricSource.unregister();
        downloads.shutdownNow();
        appliers.shutdownNow();
        registry.close();
    }

    /**
     * The configured driver; while the node starts or the driver's bundle is updated it may be away for a moment,
     * so a call waits a little for it before it fails.
     */
    StorageDriver driver() throws ImageException {
        try {
            Waiting.until(() -> configuredDriver().isPresent(), DRIVER_PATIENCE, DRIVER_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return configuredDriver().orElseThrow(() -> new ImageException(Kind.NOT_DEPLOYED, "storage driver '"
                        + config.storage_driver() + "' is not deployed (deployed: " + drivers.stream()
                        .map(StorageDriver::name).toList() + ")"));
    }

    private Optional<StorageDriver> configuredDriver() {
        return drivers.stream().filter(d -> d.name().equals(config.storage_driver())).findFirst();
    }

    @Override
    public Image pull(String reference, RegistryCredentials credentials, String namespace) throws ImageException {
        long started = System.nanoTime();
        StorageDriver driver = null;
        try {
            driver = driver();
            StorageDriver chosen = driver;
            Image pulled = puller.pull(reference, credentials, namespace == null ? "" : namespace,
                    registries.current(), () -> chosen);
            metrics.succeeded(System.nanoTime() - started);
            return pulled;
        } catch (ImageException e) {
            ImageException told = outOfSpace.classify(e, reference, storesOf(driver));
            if (told.kind() == Kind.NO_SPACE && driver != null && puller.idle()) {
                // layers stored before the disk ran full are named by no image: their space goes back now
                collectUnusedLayers(driver);
            }
            metrics.failed(told, System.nanoTime() - started);
            throw told;
        }
    }

    /** Where a pull writes: the store's own directory and, when it can say, the driver's layers. */
    private List<OutOfSpace.Store> storesOf(StorageDriver driver) {
        List<OutOfSpace.Store> stores = new java.util.ArrayList<>(List.of(new OutOfSpace.Store("image store", root)));
        if (driver != null) {
            try {
                stores.add(new OutOfSpace.Store(driver.name() + " storage", driver.usage().mountpoint()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("storage driver {} did not say where its layers are: {}", driver.name(), e.toString());
            }
        }
        return stores;
    }

    @Override
    public List<Image> list() {
        return lookups.list(catalog.generation(), registriesInForce(),
                () -> catalog.all().stream().map(pins::mark).toList());
    }

    @Override
    public Optional<Image> find(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        RegistriesConf conf = registriesInForce();
        return lookups.find(reference, catalog.generation(), conf, name -> resolve(name, conf));
    }

    private Optional<Image> resolve(String reference, RegistriesConf conf) {
        List<ImageReference> candidates;
        try {
            candidates = conf == null ? List.of() : ShortNames.candidates(reference, conf.searchRegistries());
        } catch (IllegalArgumentException notAReference) {
            candidates = List.of();
        }
        return catalog.find(reference.strip(), candidates).map(pins::mark);
    }

    /** registries.conf as it is now, or null while it cannot be read (a name is then looked up as an ID only). */
    private RegistriesConf registriesInForce() {
        try {
            return registries.current();
        } catch (ImageException unreadable) {
            return null;
        }
    }

    @Override
    public boolean remove(String reference) throws ImageException {
        Optional<Image> image = find(reference);
        if (image.isEmpty()) {
            return false;
        }
        try {
            catalog.remove(image.get().id());
        } catch (IOException e) {
            throw new ImageException(Kind.FAILED, "image \"" + reference + "\": cannot remove its record: "
                    + e.getMessage(), e);
        }
        StorageDriver driver = driver();
        Set<String> used = catalog.chainIdsInUse();
        List<String> chain = new ArrayList<>(image.get().chainIds());
        java.util.Collections.reverse(chain);
        for (String chainId : chain) {
            if (!used.contains(chainId) && !puller.layersInFlight().contains(chainId)) {
                try {
                    driver.removeLayer(chainId);
                } catch (IOException e) {
                    throw new ImageException(Kind.FAILED, "image \"" + reference + "\": cannot remove layer "
                            + chainId + ": " + e.getMessage(), e);
                }
            }
        }
        LOG.info("removed image {} ({})", reference, image.get().id());
        return true;
    }

    @Override
    public StorageUsage usage() throws ImageException {
        return usage.get();
    }

    @Override
    public Path createRootFs(String containerId, Image image) throws ImageException {
        try {
            catalog.noteUse(image.id(), Instant.now());
        } catch (IOException e) {
            LOG.warn("could not note the use of image {} by container {}: {}", image.id(), containerId,
                    e.getMessage());
        }
        return onDriver("create the root filesystem of container " + containerId,
                d -> d.createRootFs(containerId, image.topChainId()));
    }

    @Override
    public Path mountRootFs(String containerId) throws ImageException {
        return onDriver("mount the root filesystem of container " + containerId, d -> d.mountRootFs(containerId));
    }

    @Override
    public void unmountRootFs(String containerId) throws ImageException {
        onDriver("unmount the root filesystem of container " + containerId, d -> {
            d.unmountRootFs(containerId);
            return null;
        });
    }

    @Override
    public void removeRootFs(String containerId) throws ImageException {
        onDriver("remove the root filesystem of container " + containerId, d -> {
            d.removeRootFs(containerId);
            return null;
        });
    }

    @Override
    public StorageUsage writableLayerUsage(String containerId) throws ImageException {
        return onDriver("measure the writable layer of container " + containerId,
                d -> d.writableLayerUsage(containerId));
    }

    private interface DriverCall<T> {
        T on(StorageDriver driver) throws IOException;
    }

    private <T> T onDriver(String what, DriverCall<T> call) throws ImageException {
        StorageDriver driver = driver();
        try {
            return call.on(driver);
        } catch (IOException e) {
            if (OutOfSpace.isCauseOf(e)) {
                throw outOfSpace.whileStoring(what, e, storesOf(driver));
            }
            throw new ImageException(Kind.FAILED, "cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Layers no image names are what a pull left when the daemon died midway: removed, top ones first. */
    private void collectUnusedLayers(StorageDriver driver) {
        try {
            Set<String> used = catalog.chainIdsInUse();
            List<String> unused = new ArrayList<>(driver.layers().stream()
                    .filter(l -> !used.contains(l) && !puller.layersInFlight().contains(l)).toList());
            for (int pass = 0; pass < 64 && !unused.isEmpty(); pass++) {
                for (String chainId : List.copyOf(unused)) {
                    try {
                        driver.removeLayer(chainId);
                        unused.remove(chainId);
                    } catch (IOException standsUnderAnother) {
                        // removed in a later pass, once the layers on it are gone
                    }
                }
            }
            if (!unused.isEmpty()) {
                LOG.warn("could not remove unused layers {}", unused);
            }
        } catch (IOException e) {
            LOG.warn("could not list the layers of storage driver '{}': {}", driver.name(), e.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
