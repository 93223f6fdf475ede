package dev.orca.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kubelet's own CRI clients, cri-tools v1.26.1 {@code crictl} and {@code critest}, from the folder beside the
 * project ({@code ../shared/tools}), or wherever {@code CRICTL}, {@code CRITEST} and {@code CRITEST_IMAGES} point.
 * Where they are absent the tests that need them are skipped, saying how to run them.
 */
final class KubeletTools {

    /** The shared tools folder: {@code <project>/../shared/tools}; the e2e module runs in {@code <project>/e2e}. */
    static final Path FOLDER = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
            .resolveSibling("shared").resolve("tools");

    private KubeletTools() {
    }

    static Path crictl() {
        return require("CRICTL", "crictl");
    }

    static Path critest() {
        return require("CRITEST", "critest");
    }

    /** The script that builds the images critest pulls and pushes them to a registry it starts. */
    static Path critestImages() {
        return require("CRITEST_IMAGES", "critest-images.sh");
    }

    /** Where the tool is looked for: the file that {@code variable} (system property or environment) names. */
    static Path locate(String variable, String name) {
        String set = System.getProperty(variable, System.getenv(variable));
        return set != null && !set.isBlank() ? Path.of(set) : FOLDER.resolve(name);
    }

    /** Why the tool cannot be run from where it is looked for, or null when it can. */
    static String missing(String variable, String name) {
        Path tool = locate(variable, name);
        return Files.isExecutable(tool) ? null : name + " not found at " + tool + ": these tests run the kubelet's"
                + " CRI tools (cri-tools v1.26.1). Put them in " + FOLDER + " (crictl, critest, critest-images.sh"
                + " and critest-images-src/) or set " + variable + " to the file, then run the tests again";
    }

    private static Path require(String variable, String name) {
        String missing = missing(variable, name);
        assumeTrue(missing == null, missing);
        return locate(variable, name);
    }
}
