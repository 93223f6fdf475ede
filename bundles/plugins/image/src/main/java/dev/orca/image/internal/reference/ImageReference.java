package dev.orca.image.internal.reference;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed, fully qualified image reference: {@code registry/repository[:tag][@digest]}, as the distribution
 * reference grammar defines it. A reference without tag or digest gets the tag {@code latest}.
 *
 * @param registry host[:port], such as {@code docker.io} or {@code 127.0.0.1:5000}
 * @param repository path within the registry, such as {@code library/busybox}
 * @param tag null when the reference names only a digest
 * @param digest {@code algorithm:hex}, or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})");
    private static final int MAX_NAME_LENGTH = 255;

    public ImageReference {
        Objects.requireNonNull(registry);
        Objects.requireNonNull(repository);
    }

    /** A reference of a short name resolved against one registry: Docker Hub puts one-word names under library/. */
    static ImageReference qualify(String registry, String path, String tag, String digest) {
        String repository = registry.equals(DOCKER_HUB) && !path.contains("/") ? "library/" + path : path;
        return new ImageReference(registry, repository, tag, digest);
    }

    /** Registry and repository, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    public boolean hasDigest() {
        return digest != null;
    }

    /** The tag or digest to ask the registry's manifest endpoint for; the digest when both are given. */
    public String manifestReference() {
        return digest != null ? digest : tag;
    }

    /** {@code name:tag}, or null when the reference has no tag. */
    public String taggedName() {
        return tag == null ? null : name() + ":" + tag;
    }

    public ImageReference withDigest(String manifestDigest) {
        return new ImageReference(registry, repository, tag, manifestDigest);
    }

    /** {@code name@digest} for a manifest digest. */
    public String digestName(String manifestDigest) {
        return name() + "@" + manifestDigest;
    }

    @Override
    public String toString() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The parts of a reference as written, before short names are resolved. */
    record Parts(String domain, String path, String tag, String digest) {
        boolean isShortName() {
            return domain == null;
        }
    }

    /**
     * Splits a reference into its parts and checks each against the grammar.
     *
     * @throws IllegalArgumentException naming the reference and what is wrong with it
     */
    static Parts split(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("image reference is empty");
        }
        String rest = reference.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(reference, "'" + digest + "' is not a sha256 or sha512 digest");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(reference, "'" + tag + "' is not a valid tag");
            }
        }
        String domain = null;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.equals(first.toLowerCase())) {
                domain = first;
                path = rest.substring(slash + 1);
                if (!DOMAIN.matcher(domain).matches()) {
                    throw invalid(reference, "'" + domain + "' is not a valid registry host");
                }
            }
        }
        Matcher repository = REPOSITORY.matcher(path);
        if (!repository.matches()) {
            throw invalid(reference, "'" + path + "' is not a valid repository name (lower-case letters, digits"
                    + " and separators)");
        }
        if (rest.length() > MAX_NAME_LENGTH) {
            throw invalid(reference, "the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (domain != null && domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new Parts(domain, path, tag, digest);
    }

    /** Parses a reference that must be fully qualified, or is resolved against Docker Hub when it is not. */
    public static ImageReference parse(String reference) {
        Parts parts = split(reference);
        return qualify(parts.isShortName() ? DOCKER_HUB : parts.domain(), parts.path(), parts.tag(), parts.digest());
    }

    private static IllegalArgumentException invalid(String reference, String why) {
        return new IllegalArgumentException("invalid image reference \"" + reference + "\": " + why);
    }
}
