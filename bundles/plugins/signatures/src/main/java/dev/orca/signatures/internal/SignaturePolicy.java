package dev.orca.signatures.internal;

import dev.orca.spi.policy.ImagePolicy;
import dev.orca.spi.policy.PolicyInForce;
import dev.orca.spi.policy.PolicyRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's image policy: containers-policy.json (the node's, or the pod namespace's from the policy directory),
 * simple-signing signatures from the lookaside stores registries.d names, verified with BouncyCastle, and sigstore
 * signatures attached in the image's registry, verified with public keys. Fails closed: a policy that is missing or
 * malformed, a store or registry that cannot be read, an unsupported requirement refuse.
 */
@Component(service = ImagePolicy.class, configurationPid = "dev.orca.signatures",
        property = {"osgi.command.scope=orca", "osgi.command.function=policy"})
@Designate(ocd = SignaturesConfiguration.class)
public final class SignaturePolicy implements ImagePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(SignaturePolicy.class);
    /** A Kubernetes namespace name (RFC 1123 label): nothing that could leave the policy directory. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final Path nodePolicy;
    private final Path registriesD;
    private final Optional<Path> policyDir;
    private final PolicyFiles files = new PolicyFiles();
    private final LookasideStore lookaside;
    private final Clock clock;
    private final DecisionLog decisions = new DecisionLog(20);

    @Activate
    public SignaturePolicy(SignaturesConfiguration config) {
        this(Path.of(config.policy_path()), Path.of(config.registries_d()),
                config.policy_dir().isBlank() ? Optional.empty() : Optional.of(Path.of(config.policy_dir())),
                Duration.ofSeconds(config.lookaside_timeout_seconds()), Clock.systemUTC());
        LOG.info("image policy from {} (per namespace: {}), signature stores from {}", nodePolicy,
                policyDir.map(Path::toString).orElse("none"), registriesD);
        if (!Files.exists(nodePolicy)) {
            LOG.warn("there is no {}: every pull the node's policy governs is refused until it exists", nodePolicy);
        }
    }

    SignaturePolicy(Path nodePolicy, Path registriesD, Optional<Path> policyDir, Duration timeout, Clock clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("lookaside.timeout.seconds must be positive");
        }
        this.nodePolicy = nodePolicy;
        this.registriesD = registriesD;
        this.policyDir = policyDir;
        this.lookaside = new LookasideStore(timeout);
        this.clock = clock;
    }

    /** The policy file for a namespace: {@code <policy.dir>/<namespace>.json} when there is one, else the node's. */
    Path policyFor(String namespace) {
        if (policyDir.isPresent() && NAMESPACE.matcher(namespace).matches()) {
            Path own = policyDir.get().resolve(namespace + ".json");
            if (Files.exists(own)) {
                return own;
            }
        }
        return nodePolicy;
    }

    @Override
    public Decision check(PolicyRequest request) {
        Decision decision = decide(request);
        decisions.add(new DecisionLog.Entry(clock.instant(), request.reference(), request.manifestDigest(),
                request.namespace(), decision));
        return decision;
    }

    @Override
    public PolicyInForce inForce() {
        Map<String, String> namespaces = new TreeMap<>();
        namespacePolicies().forEach((namespace, file) -> namespaces.put(namespace, file.toString()));
        try {
            return new PolicyInForce(nodePolicy.toString(), true, PolicyReport.scopes(files.get(nodePolicy)),
                    namespaces);
        } catch (PolicyException e) {
            return new PolicyInForce(nodePolicy.toString(), false, e.getMessage() + " (every pull it governs is"
                    + " refused)", namespaces);
        }
    }

    /** {@code orca:policy}: the policies in force, scope by scope, and the last decisions. */
    public String policy() {
        return PolicyReport.page(nodePolicy, namespacePolicies(), files, registriesD, decisions.entries());
    }

    /** The namespaces with a policy file of their own in the policy directory. */
    private Map<String, Path> namespacePolicies() {
        Map<String, Path> found = new TreeMap<>();
        if (policyDir.isEmpty() || !Files.isDirectory(policyDir.get())) {
            return found;
        }
        try (Stream<Path> listing = Files.list(policyDir.get())) {
            listing.forEach(file -> {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    String namespace = name.substring(0, name.length() - ".json".length());
                    if (NAMESPACE.matcher(namespace).matches()) {
                        found.put(namespace, file);
                    }
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot list the per-namespace policies in {}: {}", policyDir.get(), e.getMessage());
        }
        return found;
    }

    private Decision decide(PolicyRequest request) {
        Path file = policyFor(request.namespace());
        PolicyDocument policy;
        try {
            policy = files.get(file);
        } catch (PolicyException e) {
            return Decision.refuse(e.getMessage());
        }
        DockerReference image;
        try {
            image = DockerReference.parse(request.reference());
        } catch (IllegalArgumentException e) {
            return Decision.refuse(file + ": " + e.getMessage());
        }
        PolicyDocument.Scoped scoped = policy.requirementsFor(image);
        ImageSignatures signatures = new ImageSignatures(image, request);
        for (Requirement requirement : scoped.requirements()) {
            String failure;
            try {
                failure = failure(requirement, image, request, signatures);
            } catch (RuntimeException e) {
                // Untrusted input reaching a path no one foresaw: refuse, and keep the details for the log.
                String id = UUID.randomUUID().toString().substring(0, 8);
                LOG.warn("image policy check {} of {} failed", id, request.reference(), e);
                failure = "the check failed unexpectedly (logged as " + id + ")";
            }
            if (failure != null) {
                return Decision.refuse(file + ": " + failure);
            }
        }
        return Decision.accept(file + " scope " + scoped.scope() + ": " + scoped.requirements().size()
                + " requirement(s) met");
    }

    private String failure(Requirement requirement, DockerReference image, PolicyRequest request,
            ImageSignatures signatures) {
        if (requirement instanceof Requirement.InsecureAcceptAnything) {
            return null;
        }
        if (requirement instanceof Requirement.Reject) {
            return "images from " + image.name() + " are rejected";
        }
        if (requirement instanceof Requirement.SignedBy signedBy) {
            List<byte[]> found;
            try {
                found = signatures.simple();
            } catch (PolicyException | IOException e) {
                return "cannot read the signatures: " + e.getMessage();
            }
            return SignedByCheck.check(signedBy, image, request.manifestDigest(), found, clock.instant());
        }
        if (requirement instanceof Requirement.SigstoreSigned sigstore) {
            return SigstoreCheck.check(sigstore, image, request.manifestDigest(), signatures::sigstore);
        }
        // Anything a later version adds: refused until verified here.
        return requirement.getClass().getSimpleName() + " is not supported (refused)";
    }

    /** What one check reads about the image, each at most once however many requirements want it. */
    private final class ImageSignatures {
        private final DockerReference image;
        private final PolicyRequest request;
        private RegistriesDirectory registries;
        private List<byte[]> simple;
        private CosignAttachments.Found sigstore;
        private boolean sigstoreRead;

        ImageSignatures(DockerReference image, PolicyRequest request) {
            this.image = image;
            this.request = request;
        }

        private RegistriesDirectory registries() throws PolicyException {
            if (registries == null) {
                registries = RegistriesDirectory.read(registriesD);
            }
            return registries;
        }

        /** Simple signatures from the image's lookaside store; none when registries.d names no store. */
        List<byte[]> simple() throws PolicyException, IOException {
            if (simple == null) {
                Optional<URI> base = registries().lookasideFor(image);
                simple = base.isEmpty() ? List.of()
                        : lookaside.signatures(base.get(), image, request.manifestDigest());
            }
            return simple;
        }

        /** Sigstore signatures attached in the registry; null when registries.d does not turn attachments on. */
        CosignAttachments.Found sigstore() throws PolicyException, IOException {
            if (!sigstoreRead) {
                sigstore = registries().useSigstoreAttachments(image)
                        ? CosignAttachments.read(request.signatures(), image.path(), request.manifestDigest())
                        : null;
                sigstoreRead = true;
            }
            return sigstore;
        }
    }
}
