package dev.orca.image.internal.pull;

import dev.orca.image.internal.config.PullSource;
import dev.orca.image.internal.config.RegistriesConf;
import dev.orca.image.internal.manifest.ConfigDocument;
import dev.orca.image.internal.manifest.Descriptor;
import dev.orca.image.internal.manifest.ManifestDocument;
import dev.orca.image.internal.reference.ImageReference;
import dev.orca.image.internal.reference.ShortNames;
import dev.orca.image.internal.registry.RegistryClient;
import dev.orca.image.internal.store.ImageCatalog;
import dev.orca.image.internal.store.LayerChains;
import dev.orca.spi.Image;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import dev.orca.spi.RegistryCredentials;
import dev.orca.spi.StorageDriver;
import dev.orca.spi.policy.ImagePolicy;
import dev.orca.spi.policy.PolicyRequest;
import dev.orca.image.internal.registry.RegistrySignatureSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls an image: short name to candidates, candidates to sources (mirrors, locations), manifest (an index resolved
 * to the node's platform), config, layers, and the catalog entry written last. Concurrent pulls of one reference
 * share one piece of work.
 */
public final class ImagePuller {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);

    private final RegistryClient registry;
    private final ImageCatalog catalog;
    private final LayerPipeline layers;
    private final String platform;
    private final Supplier<ImagePolicy> policy;
    private final Map<String, CompletableFuture<Image>> pulls = new ConcurrentHashMap<>();

    public ImagePuller(RegistryClient registry, ImageCatalog catalog, ExecutorService downloads,
            ExecutorService appliers, Path scratch, String platform, Supplier<ImagePolicy> policy,
            PullMetrics metrics) {
        this.registry = registry;
        this.catalog = catalog;
        this.layers = new LayerPipeline(registry, downloads, appliers, scratch, metrics);
        this.platform = platform;
        this.policy = policy;
    }

    /** Whether no pull is under way (none could be counting on a layer no image names yet). */
    public boolean idle() {
        return pulls.isEmpty();
    }

    /** Chain IDs being brought in right now. */
    public Set<String> layersInFlight() {
        return layers.inFlight();
    }

    /**
     * @param namespace the pod's namespace, empty for none: the image policy may differ per namespace, so pulls
     *     for different namespaces never join each other
     */
    public Image pull(String reference, RegistryCredentials credentials, String namespace, RegistriesConf conf,
            Supplier<StorageDriver> driver) throws ImageException {
        List<ImageReference> candidates = candidates(reference, conf);
        String key = namespace + "\u0000" + candidates.get(0);
        CompletableFuture<Image> mine = new CompletableFuture<>();
        CompletableFuture<Image> running = pulls.putIfAbsent(key, mine);
        if (running != null) {
            LOG.debug("pull of {} joins the one under way", key);
            return join(running);
        }
        try {
            mine.complete(pullCandidates(reference, candidates, credentials, namespace, conf, driver));
        } catch (ImageException | RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            pulls.remove(key, mine);
        }
        return join(mine);
    }

    private static List<ImageReference> candidates(String reference, RegistriesConf conf) throws ImageException {
        try {
            return ShortNames.candidates(reference, conf.searchRegistries());
        } catch (IllegalArgumentException e) {
            throw new ImageException(Kind.INVALID_REFERENCE, e.getMessage());
        }
    }

    private Image pullCandidates(String reference, List<ImageReference> candidates, RegistryCredentials credentials,
            String namespace, RegistriesConf conf, Supplier<StorageDriver> driver) throws ImageException {
        List<ImageException> failures = new ArrayList<>();
        for (ImageReference candidate : candidates) {
            if (conf.isBlocked(candidate)) {
                throw new ImageException(Kind.REFUSED, "image \"" + candidate + "\": registry "
                        + candidate.registry() + " is blocked by registries.conf");
            }
            for (PullSource source : conf.sources(candidate)) {
                try {
                    return pullFrom(candidate, source, credentials, namespace, driver.get());
                } catch (PolicyRefusal e) {
                    throw e;
                } catch (ImageException e) {
                    LOG.info("pull of {} from {} failed: {}", candidate, source.reference(), e.getMessage());
                    failures.add(e);
                    if (e.kind() == Kind.CORRUPT || e.kind() == Kind.FAILED || e.kind() == Kind.REFUSED
                            || e.kind() == Kind.NOT_DEPLOYED) {
                        throw named(candidate, e);
                    }
                }
            }
        }
        if (failures.size() == 1) {
            throw named(candidates.get(0), failures.get(0));
        }
        ImageException last = failures.get(failures.size() - 1);
        StringBuilder all = new StringBuilder("image \"" + reference + "\": ");
        failures.forEach(f -> all.append(f.getMessage()).append("; "));
        boolean allMissing = failures.stream().allMatch(f -> f.kind() == Kind.NOT_FOUND);
        throw new ImageException(allMissing ? Kind.NOT_FOUND : last.kind(), all.substring(0, all.length() - 2));
    }

    private static ImageException named(ImageReference image, ImageException e) {
        return new ImageException(e.kind(), "image \"" + image + "\": " + e.getMessage(), e);
    }

    private Image pullFrom(ImageReference image, PullSource source, RegistryCredentials credentials,
            String namespace, StorageDriver driver) throws ImageException {
        RegistryClient.Session session = registry.open(source, credentials);
        RegistryClient.FetchedManifest fetched = registry.manifest(session, source.reference().manifestReference());
        ManifestDocument.ImageManifest manifest = imageManifest(session, fetched);
        askPolicy(image, source, credentials, namespace, fetched);
        Descriptor configBlob = manifest.config();
        byte[] configBytes = registry.smallBlob(session, configBlob.digest(), configBlob.size());
        ConfigDocument config;
        try {
            config = ConfigDocument.parse(configBytes);
        } catch (IllegalArgumentException e) {
            throw new ImageException(Kind.CORRUPT, "config " + configBlob.digest() + ": " + e.getMessage());
        }
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new ImageException(Kind.CORRUPT, "the manifest lists " + manifest.layers().size()
                    + " layers but the config " + config.diffIds().size() + " diff IDs");
        }
        List<String> chainIds = LayerChains.of(config.diffIds());
        layers.ensure(session, driver, manifest.layers(), config.diffIds(), chainIds);
        long size = manifest.layers().stream().mapToLong(Descriptor::size).sum() + configBlob.size();
        List<String> tags = image.tag() == null ? List.of() : List.of(image.taggedName());
        Image pulled = new Image(configBlob.digest(), tags, List.of(image.digestName(fetched.digest())), size,
                chainIds, config.config(), Instant.now());
        try {
            Image stored = catalog.commit(pulled, fetched.bytes(), configBytes);
            LOG.info("pulled {} ({}, {} layers, {} bytes) from {}", image, stored.id(), chainIds.size(), size,
                    source.reference().registry());
            return stored;
        } catch (IOException e) {
            throw new ImageException(Kind.FAILED, "cannot record the image: " + e.getMessage(), e);
        }
    }

    /**
     * The policy judges the manifest the reference names (for an index, the index), as containers/image does:
     * that is what signatures are made over. Asked before any layer is stored, so a refusal leaves nothing.
     */
    private void askPolicy(ImageReference image, PullSource source, RegistryCredentials credentials,
            String namespace, RegistryClient.FetchedManifest fetched) throws ImageException {
        ImagePolicy deployed = policy.get();
        if (deployed == null) {
            return;
        }
        PolicyRequest request = new PolicyRequest(image.toString(), fetched.digest(), fetched.bytes(),
                source.reference().registry(), namespace,
                new RegistrySignatureSource(registry, source, credentials == null ? RegistryCredentials.ANONYMOUS
                        : credentials));
        ImagePolicy.Decision decision;
        try {
            decision = deployed.check(request);
        } catch (RuntimeException e) {
            // Fail closed: a policy that breaks refuses.
            LOG.warn("image policy failed on {}", image, e);
            decision = ImagePolicy.Decision.refuse("(the policy service failed on this image; the node's log has"
                    + " the cause)");
        }
        if (decision == null || !decision.accepted()) {
            String reason = decision == null ? "the image policy gave no answer" : decision.reason();
            LOG.info("image {} ({}) refused by policy {}", image, fetched.digest(), reason);
            throw new PolicyRefusal("image \"" + image + "\" refused by policy " + reason);
        }
        LOG.debug("image {} ({}) accepted by policy: {}", image, fetched.digest(), decision.reason());
    }

    /** A refusal is final: no other source is tried, and its message is already whole. */
    private static final class PolicyRefusal extends ImageException {
        private static final long serialVersionUID = 1L;

        PolicyRefusal(String message) {
            super(Kind.REFUSED, message);
        }
    }

    private ManifestDocument.ImageManifest imageManifest(RegistryClient.Session session,
            RegistryClient.FetchedManifest fetched) throws ImageException {
        ManifestDocument document = parse(fetched);
        if (document instanceof ManifestDocument.Index index) {
            Descriptor entry = index.forPlatform(platform).orElseThrow(() -> new ImageException(Kind.NOT_FOUND,
                    "no manifest for " + platform + " in the index (it has " + index.platforms() + ")"));
            document = parse(registry.manifest(session, entry.digest()));
            if (document instanceof ManifestDocument.Index) {
                throw new ImageException(Kind.CORRUPT, "the " + platform + " entry of the index is another index");
            }
        }
        return (ManifestDocument.ImageManifest) document;
    }

    private static ManifestDocument parse(RegistryClient.FetchedManifest fetched) throws ImageException {
        try {
            return ManifestDocument.parse(fetched.bytes(), fetched.contentType());
        } catch (IllegalArgumentException e) {
            throw new ImageException(Kind.CORRUPT, "manifest " + fetched.digest() + ": " + e.getMessage());
        }
    }

    private static Image join(CompletableFuture<Image> pull) throws ImageException {
        try {
            return pull.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ImageException image) {
                throw image;
            }
            throw (RuntimeException) e.getCause();
        }
    }
}
