package dev.orca.testkit;

import java.util.regex.Pattern;

/** The {@code REPOSITORY:TAG} a test names when it pushes an image, checked before anything is built or pushed. */
record ImageReference(String repository, String tag) {

    // the distribution reference grammar, without a registry host: the test registry supplies that
    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    static ImageReference parse(String repositoryAndTag) {
        int colon = repositoryAndTag.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("image \"" + repositoryAndTag + "\" must be REPOSITORY:TAG");
        }
        String repository = repositoryAndTag.substring(0, colon);
        String tag = repositoryAndTag.substring(colon + 1);
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("image \"" + repositoryAndTag + "\": repository \"" + repository
                    + "\" is not a valid repository name (lower case, digits, separators, no host)");
        }
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("image \"" + repositoryAndTag + "\": \"" + tag
                    + "\" is not a valid tag");
        }
        return new ImageReference(repository, tag);
    }

    /** {@code HOST/REPOSITORY:TAG} on {@code registry}. */
    String on(TestRegistry registry) {
        return registry.host() + "/" + repository + ":" + tag;
    }

    /** {@code HOST/REPOSITORY} of a full reference with a tag or a digest. */
    static String repositoryOf(String reference) {
        int at = reference.indexOf('@');
        if (at >= 0) {
            return reference.substring(0, at);
        }
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
