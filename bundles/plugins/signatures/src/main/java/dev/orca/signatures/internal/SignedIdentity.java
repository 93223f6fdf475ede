package dev.orca.signatures.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the identity a signature claims must relate to the image pulled (containers-policy.json's
 * {@code signedIdentity}); the rules and their meaning are containers/image's.
 */
sealed interface SignedIdentity {

    /** Whether a signature claiming {@code signed} is good for {@code image}. */
    boolean matches(DockerReference image, DockerReference signed);

    /** The rule as the policy names it, with what it names, for messages: {@code exactReference "r.io/x:7"}. */
    default String describe() {
        String name = getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** The identity must be the image reference itself, tag or digest included. */
    record MatchExact() implements SignedIdentity {
        @Override
        public boolean matches(DockerReference image, DockerReference signed) {
            return !image.isNameOnly() && image.toString().equals(signed.toString());
        }
    }

    /** For a digest reference the repository is enough (the digest is checked anyway); else as matchExact. */
    record MatchRepoDigestOrExact() implements SignedIdentity {
        @Override
        public boolean matches(DockerReference image, DockerReference signed) {
            if (image.digest() != null && image.tag() == null) {
                return image.name().equals(signed.name());
            }
            return new MatchExact().matches(image, signed);
        }
    }

    /** The same repository, whatever the tag. */
    record MatchRepository() implements SignedIdentity {
        @Override
        public boolean matches(DockerReference image, DockerReference signed) {
            return image.name().equals(signed.name());
        }
    }

    /** The signature must name exactly this reference, whatever image was pulled. */
    record ExactReference(DockerReference reference) implements SignedIdentity {
        @Override
        public boolean matches(DockerReference image, DockerReference signed) {
            return reference.toString().equals(signed.toString());
        }

        @Override
        public String describe() {
            return "exactReference \"" + reference + "\"";
        }
    }

    /** The signature must name this repository, whatever tag. */
    record ExactRepository(DockerReference repository) implements SignedIdentity {
        @Override
        public boolean matches(DockerReference image, DockerReference signed) {
            return repository.name().equals(signed.name());
        }

        @Override
        public String describe() {
            return "exactRepository \"" + repository.name() + "\"";
        }
    }

    /**
     * An image under {@code prefix} is compared as if it were under {@code signedPrefix} (a mirror signed under
     * the original name), then as matchRepoDigestOrExact.
     */
    record RemapIdentity(String prefix, String signedPrefix) implements SignedIdentity {
        @Override
        public boolean matches(DockerReference image, DockerReference signed) {
            String full = image.toString();
            DockerReference compared = image;
            if (full.startsWith(prefix) && (full.length() == prefix.length()
                    || "/:@".indexOf(full.charAt(prefix.length())) >= 0)) {
                compared = DockerReference.parse(signedPrefix + full.substring(prefix.length()));
            }
            return new MatchRepoDigestOrExact().matches(compared, signed);
        }

        @Override
        public String describe() {
            return "remapIdentity \"" + prefix + "\" to \"" + signedPrefix + "\"";
        }
    }

    /** From its JSON object; a missing object is the signedBy default, matchRepoDigestOrExact. */
    static SignedIdentity parse(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new MatchRepoDigestOrExact();
        }
        String type = node.path("type").asText("");
        return switch (type) {
            case "matchExact" -> new MatchExact();
            case "matchRepoDigestOrExact" -> new MatchRepoDigestOrExact();
            case "matchRepository" -> new MatchRepository();
            case "exactReference" -> {
                DockerReference reference = DockerReference.parse(text(node, "dockerReference"));
                if (reference.isNameOnly()) {
                    throw new IllegalArgumentException("exactReference needs a tag or digest: " + reference);
                }
                yield new ExactReference(reference);
            }
            case "exactRepository" -> new ExactRepository(DockerReference.parse(text(node, "dockerRepository")));
            case "remapIdentity" -> new RemapIdentity(prefix(text(node, "prefix")),
                    prefix(text(node, "signedPrefix")));
            default -> throw new IllegalArgumentException("unknown signedIdentity type \"" + type + "\"");
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(node.path("type").asText() + " needs \"" + field + "\"");
        }
        return value.asText();
    }

    /** A remap prefix is a host, a host/namespace, or a repository; normalized as references are. */
    private static String prefix(String text) {
        if (text.contains("@") || text.matches(".*/[^/]*:[^/]*$")) {
            throw new IllegalArgumentException("remapIdentity prefix \"" + text + "\" must not name a tag or digest");
        }
        return text;
    }
}
