package dev.orca.signatures.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A docker reference normalized as containers/image normalizes it ({@code busybox} is
 * {@code docker.io/library/busybox}): what scopes and signed identities are compared by.
 *
 * @param domain the registry host (and port)
 * @param path the repository path within it
 * @param tag null when none
 * @param digest null when none
 */
record DockerReference(String domain, String path, String tag, String digest) {

    private static final Pattern REFERENCE = Pattern.compile(
            "([a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "|[^/@:]+(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+)"
                    + "(?::([\\w][\\w.-]{0,127}))?(?:@([a-z0-9]+:[a-f0-9]{32,}))?");

    static DockerReference parse(String text) {
        Matcher m = REFERENCE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a docker reference");
        }
        String name = m.group(1);
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        String domain;
        String path;
        if (slash < 0 || !(first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            domain = "docker.io";
            path = name;
        } else {
            domain = first;
            path = name.substring(slash + 1);
        }
        if (domain.equals("docker.io") && !path.contains("/")) {
            path = "library/" + path;
        }
        return new DockerReference(domain, path, m.group(2), m.group(3));
    }

    /** Registry and repository: {@code docker.io/library/busybox}. */
    String name() {
        return domain + "/" + path;
    }

    boolean isNameOnly() {
        return tag == null && digest == null;
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
