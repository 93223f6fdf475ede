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

    /**
     * A sigstore signature by one of the public keys, for this digest, claiming an identity the rule accepts.
     *
     * @param keyPaths PEM public key files, read at each check so a replaced key applies at once
     * @param keyData PEM public keys given inline (base64 in the file)
     * @param keyless a {@code fulcio} certificate requirement instead of keys: refused, not verified here
     * @param rekor a Rekor public key is given, so a Rekor inclusion proof is required: refused, not verified here
     */
    record SigstoreSigned(List<Path> keyPaths, List<byte[]> keyData, boolean keyless, boolean rekor,
            SignedIdentity identity) implements Requirement {
    }

    /** From its JSON object; anything unknown or incomplete is an error (the whole file is then refused). */
    static Requirement parse(JsonNode node, Path policyFile) {
        String type = node.path("type").asText("");
        return switch (type) {
            case "insecureAcceptAnything" -> new InsecureAcceptAnything();
            case "reject" -> new Reject();
            case "signedBy" -> signedBy(node, policyFile);
            case "sigstoreSigned" -> sigstoreSigned(node, policyFile);
            default -> throw new IllegalArgumentException("unknown policy requirement type \"" + type + "\"");
        };
    }

    private static SignedBy signedBy(JsonNode node, Path policyFile) {
        String keyType = node.path("keyType").asText("");
        if (!keyType.equals("GPGKeys")) {
            throw new IllegalArgumentException("signedBy keyType \"" + keyType + "\" is not supported (GPGKeys is)");
        }
        Keys keys = Keys.parse(node, policyFile, "signedBy");
        if (keys.given() != 1 || node.has("keyDatas")) {
            throw new IllegalArgumentException("signedBy needs exactly one of keyPath, keyPaths, keyData");
        }
        return new SignedBy(keys.paths(), keys.data(), SignedIdentity.parse(node.get("signedIdentity")));
    }

    /** As containers/image reads it: exactly one of the key fields or {@code fulcio}; Rekor optional. */
    private static SigstoreSigned sigstoreSigned(JsonNode node, Path policyFile) {
        Keys keys = Keys.parse(node, policyFile, "sigstoreSigned");
        boolean keyless = node.has("fulcio");
        if (keys.given() + (keyless ? 1 : 0) != 1) {
            throw new IllegalArgumentException(
                    "sigstoreSigned needs exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio");
        }
        if (keyless && !node.get("fulcio").isObject()) {
            throw new IllegalArgumentException("sigstoreSigned fulcio must be an object");
        }
        boolean rekor = node.has("rekorPublicKeyPath") || node.has("rekorPublicKeyPaths")
                || node.has("rekorPublicKeyData") || node.has("rekorPublicKeyDatas");
        return new SigstoreSigned(keys.paths(), keys.data(), keyless, rekor,
                SignedIdentity.parse(node.get("signedIdentity")));
    }

    /** The key fields signedBy and sigstoreSigned share; {@code given} counts the fields present. */
    record Keys(List<Path> paths, List<byte[]> data, int given) {

        static Keys parse(JsonNode node, Path policyFile, String type) {
            List<Path> paths = new ArrayList<>();
            List<byte[]> data = new ArrayList<>();
            int given = 0;
            if (node.has("keyPath")) {
                given++;
                paths.add(keyPath(node.get("keyPath"), policyFile, type));
            }
            if (node.has("keyPaths")) {
                given++;
                for (JsonNode p : nonEmptyArray(node, "keyPaths", type)) {
                    paths.add(keyPath(p, policyFile, type));
                }
            }
            if (node.has("keyData")) {
                given++;
                data.add(base64(node.get("keyData"), type));
            }
            if (node.has("keyDatas")) {
                given++;
                for (JsonNode d : nonEmptyArray(node, "keyDatas", type)) {
                    data.add(base64(d, type));
                }
            }
            return new Keys(List.copyOf(paths), List.copyOf(data), given);
        }

        private static JsonNode nonEmptyArray(JsonNode node, String field, String type) {
            JsonNode array = node.get(field);
            if (!array.isArray() || array.isEmpty()) {
                throw new IllegalArgumentException(type + " " + field + " must be a non-empty array");
            }
            return array;
        }

        private static byte[] base64(JsonNode value, String type) {
            try {
                return Base64.getDecoder().decode(value.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(type + " keyData is not base64: " + e.getMessage());
            }
        }

        /** Relative key paths are relative to the policy file, as containers/image resolves them. */
        private static Path keyPath(JsonNode value, Path policyFile, String type) {
            if (!value.isTextual() || value.asText().isEmpty()) {
                throw new IllegalArgumentException(type + " key path must be a non-empty string");
            }
            Path path = Path.of(value.asText());
            return path.isAbsolute() || policyFile.getParent() == null ? path : policyFile.getParent().resolve(path);
        }
    }
}
