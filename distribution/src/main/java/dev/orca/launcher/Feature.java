package dev.orca.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A named set of bundles in start order, read from {@code features/NAME.feature}: one
 * {@code groupId:artifactId:version[:classifier]} a line, {@code #} comments.
 */
record Feature(String name, List<BundleId> bundles) {

    /**
     * A bundle by its Maven coordinates; its jar in {@code bundle/} is {@code artifactId-version.jar}, or
     * {@code artifactId-version-classifier.jar} for a classified artifact (a native library's jar).
     */
    record BundleId(String groupId, String artifactId, String version, String classifier) {

        BundleId(String groupId, String artifactId, String version) {
            this(groupId, artifactId, version, null);
        }

        static BundleId parse(String coordinates) {
            String[] parts = coordinates.split(":");
            if (parts.length < 3 || parts.length > 4 || List.of(parts).stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException(
                        "'" + coordinates + "' is not groupId:artifactId:version[:classifier]");
            }
            return new BundleId(parts[0].strip(), parts[1].strip(), parts[2].strip(),
                    parts.length == 4 ? parts[3].strip() : null);
        }

        String jarName() {
            return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + version + (classifier == null ? "" : ":" + classifier);
        }
    }

    static Feature read(Path featuresDir, String name) throws IOException {
        Path file = featuresDir.resolve(name + ".feature");
        if (!Files.isRegularFile(file)) {
            throw new IOException("feature '" + name + "' not found: no " + file);
        }
        List<BundleId> bundles = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                bundles.add(BundleId.parse(line));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new Feature(name, List.copyOf(bundles));
    }
}
