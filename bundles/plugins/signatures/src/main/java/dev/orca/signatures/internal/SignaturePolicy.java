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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's image policy: containers-policy.json (the node's, or the pod namespace's from the policy directory),
 * simple-signing signatures from the lookaside stores registries.d names, verified with BouncyCastle. Fails closed:
 * a policy that is missing or malformed, a store that cannot be read, an unsupported requirement refuse.
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
        SignatureList signatures = new SignatureList(image, request.manifestDigest());
        for (Requirement requirement : scoped.requirements()) {
            String failure = failure(requirement, image, request, signatures);
            if (failure != null) {
                return Decision.refuse(file + ": " + failure);
            }
        }
        return Decision.accept(file + " scope " + scoped.scope() + ": " + scoped.requirements().size()
                + " requirement(s) met");
    }

    private String failure(Requirement requirement, DockerReference image, PolicyRequest request,
            SignatureList signatures) {
        if (requirement instanceof Requirement.InsecureAcceptAnything) {
            return null;
        }
        if (requirement instanceof Requirement.Reject) {
            return "images from " + image.name() + " are rejected";
        }
        if (requirement instanceof Requirement.SignedBy signedBy) {
            List<byte[]> found;
            try {
                found = signatures.get();
            } catch (PolicyException | IOException e) {
                return "cannot read the signatures: " + e.getMessage();
            }
            return SignedByCheck.check(signedBy, image, request.manifestDigest(), found, clock.instant());
        }
        // sigstoreSigned, and anything a later version adds: refused until verified here.
        return "sigstoreSigned is not supported yet (refused)";
    }

    /** The image's lookaside signatures, read once per check however many requirements want them. */
    private final class SignatureList {
        private final DockerReference image;
        private final String digest;
        private List<byte[]> read;

        SignatureList(DockerReference image, String digest) {
            this.image = image;
            this.digest = digest;
        }

        List<byte[]> get() throws PolicyException, IOException {
            if (read == null) {
                Optional<URI> base = RegistriesDirectory.read(registriesD).lookasideFor(image);
                read = base.isEmpty() ? List.of() : lookaside.signatures(base.get(), image, digest);
            }
            return read;
        }
    }
}
