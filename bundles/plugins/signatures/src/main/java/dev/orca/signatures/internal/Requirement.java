package dev.orca.signatures.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** One policy requirement; every requirement of a scope must be satisfied. */
sealed interface Requirement {

    /** Anything goes, signed or not. */
    record InsecureAcceptAnything() implements Requirement {
    }

    /** Nothing goes. */
    record Reject() implements Requirement {
    }

    /**
     * A simple-signing (GPG) signature by one of the keys, for this digest, claiming an identity the rule accepts.
     *
     * @param keyPaths key files (armored or binary keyrings), read at each check so a replaced key applies at once
     * @param keyData keyrings given inline (base64 in the file)
     */
    record SignedBy(List<Path> keyPaths, List<byte[]> keyData, SignedIdentity identity) implements Requirement {
    }

    /** A sigstore signature: parsed, not verified in this version (refused, fail closed). */
    record SigstoreSigned(SignedIdentity identity) implements Requirement {
    }

    /** From its JSON object; anything unknown or incomplete is an error (the whole file is then refused). */
    static Requirement parse(JsonNode node, Path policyFile) {
        String type = node.path("type").asText("");
        return switch (type) {
            case "insecureAcceptAnything" -> new InsecureAcceptAnything();
            case "reject" -> new Reject();
            case "signedBy" -> signedBy(node, policyFile);
            case "sigstoreSigned" -> {
                if (!node.has("keyPath") && !node.has("keyData") && !node.has("keyPaths") && !node.has("fulcio")) {
                    throw new IllegalArgumentException("sigstoreSigned needs keyPath, keyPaths, keyData or fulcio");
                }
                yield new SigstoreSigned(SignedIdentity.parse(node.get("signedIdentity")));
            }
            default -> throw new IllegalArgumentException("unknown policy requirement type \"" + type + "\"");
        };
    }

    private static SignedBy signedBy(JsonNode node, Path policyFile) {
        String keyType = node.path("keyType").asText("");
        if (!keyType.equals("GPGKeys")) {
            throw new IllegalArgumentException("signedBy keyType \"" + keyType + "\" is not supported (GPGKeys is)");
        }
        List<Path> paths = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        int given = 0;
        if (node.has("keyPath")) {
            given++;
            paths.add(keyPath(node.get("keyPath"), policyFile));
        }
        if (node.has("keyPaths")) {
            given++;
            if (!node.get("keyPaths").isArray() || node.get("keyPaths").isEmpty()) {
                throw new IllegalArgumentException("signedBy keyPaths must be a non-empty array");
            }
            for (JsonNode p : node.get("keyPaths")) {
                paths.add(keyPath(p, policyFile));
            }
        }
        if (node.has("keyData")) {
            given++;
            try {
                data.add(Base64.getDecoder().decode(node.get("keyData").asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("signedBy keyData is not base64: " + e.getMessage());
            }
        }
        if (given != 1) {
            throw new IllegalArgumentException("signedBy needs exactly one of keyPath, keyPaths, keyData");
        }
        return new SignedBy(List.copyOf(paths), List.copyOf(data), SignedIdentity.parse(node.get("signedIdentity")));
    }

    /** Relative key paths are relative to the policy file, as containers/image resolves them. */
    private static Path keyPath(JsonNode value, Path policyFile) {
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("signedBy key path must be a non-empty string");
        }
        Path path = Path.of(value.asText());
        return path.isAbsolute() || policyFile.getParent() == null ? path : policyFile.getParent().resolve(path);
    }
}
