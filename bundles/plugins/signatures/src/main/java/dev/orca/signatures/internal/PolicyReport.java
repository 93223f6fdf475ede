package dev.orca.signatures.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** Policies and decisions as text: one line per scope for {@code crictl info}, a page for {@code orca:policy}. */
final class PolicyReport {

    private PolicyReport() {
    }

    /** {@code default: reject; docker reg:5000/app: signedBy(GPGKeys /k.gpg, matchRepoDigestOrExact)}. */
    static String scopes(PolicyDocument policy) {
        StringJoiner line = new StringJoiner("; ");
        line.add("default: " + requirements(policy.defaults()));
        policy.dockerScopes().forEach((scope, requirements) -> line.add("docker " + (scope.isEmpty() ? "(all)"
                : scope) + ": " + requirements(requirements)));
        return line.toString();
    }

    /** The page {@code orca:policy} prints: each policy file and its scopes, then the last decisions. */
    static String page(Path nodePolicy, Map<String, Path> namespaces, PolicyFiles files, Path registriesD,
            List<DecisionLog.Entry> decisions) {
        StringBuilder text = new StringBuilder();
        text.append("node policy ").append(nodePolicy).append('\n');
        policyLines(text, nodePolicy, files);
        namespaces.forEach((namespace, file) -> {
            text.append("namespace ").append(namespace).append(": ").append(file).append('\n');
            policyLines(text, file, files);
        });
        text.append("signature stores: ").append(registriesD).append("/*.yaml\n");
        text.append("last decisions").append(decisions.isEmpty() ? ": none yet\n" : ":\n");
        for (DecisionLog.Entry entry : decisions) {
            text.append("  ").append(entry.at()).append(' ').append(entry.decision().accepted() ? "ACCEPTED "
                    : "REFUSED  ").append(entry.reference()).append(" (").append(entry.digest()).append(')')
                    .append(entry.namespace().isEmpty() ? "" : " namespace " + entry.namespace()).append(": ")
                    .append(entry.decision().reason()).append('\n');
        }
        return text.toString();
    }

    private static void policyLines(StringBuilder text, Path file, PolicyFiles files) {
        PolicyDocument policy;
        try {
            policy = files.get(file);
        } catch (PolicyException e) {
            text.append("  unusable, every pull it governs is refused: ").append(e.getMessage()).append('\n');
            return;
        }
        text.append("  default: ").append(requirements(policy.defaults())).append('\n');
        policy.dockerScopes().forEach((scope, requirements) -> text.append("  docker ")
                .append(scope.isEmpty() ? "(all)" : scope).append(": ").append(requirements(requirements))
                .append('\n'));
    }

    private static String requirements(List<Requirement> requirements) {
        return requirements.stream().map(PolicyReport::requirement).collect(Collectors.joining(" and "));
    }

    static String requirement(Requirement requirement) {
        if (requirement instanceof Requirement.InsecureAcceptAnything) {
            return "insecureAcceptAnything";
        }
        if (requirement instanceof Requirement.Reject) {
            return "reject";
        }
        if (requirement instanceof Requirement.SignedBy signedBy) {
            return "signedBy(GPGKeys " + keys(signedBy.keyPaths()) + ", " + signedBy.identity().describe() + ")";
        }
        if (requirement instanceof Requirement.SigstoreSigned sigstore) {
            String keys = sigstore.keyless() ? "fulcio (refused: keyless is not verified)" : keys(sigstore.keyPaths());
            return "sigstoreSigned(" + keys + (sigstore.rekor() ? ", rekor (refused: not verified)" : "") + ", "
                    + sigstore.identity().describe() + ")";
        }
        return requirement.getClass().getSimpleName();
    }

    /** The key files, or {@code keyData} for keys given inline. */
    private static String keys(List<Path> paths) {
        return paths.isEmpty() ? "keyData" : paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
