package dev.orca.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The class archives {@code orca class-archive} writes into a distribution: JDK 17's dynamic archive, or JDK 25's
 * ahead-of-time cache when {@code JAVA_HOME} names a JDK 25. An archive names the jars it was made from, so a copy
 * of the distribution cannot use the original's.
 */
public final class ClassArchives {

    /** Paths inside a distribution. */
    public static final List<String> FILES = List.of("lib/orca.jsa", "lib/orca.aot");

    private ClassArchives() {
    }

    /** Whether the distribution was installed with a class archive of either kind. */
    public static boolean in(Path distribution) {
        return FILES.stream().anyMatch(file -> Files.exists(distribution.resolve(file)));
    }
}
