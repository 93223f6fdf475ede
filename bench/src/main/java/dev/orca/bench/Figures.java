package dev.orca.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What the benchmarks share: the median of their rounds, the features the distribution boots. */
final class Figures {

    private Figures() {
    }

    /** The median (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Replaces the section under {@code heading} in {@code doc} (appends it the first time). */
    static void writeSection(Path doc, String heading, String body) throws IOException {
        String text = Files.readString(doc);
        String section = heading + "\n\n" + body.strip() + "\n";
        int start = text.indexOf(heading);
        if (start < 0) {
            text = text.stripTrailing() + "\n\n" + section;
        } else {
            int next = text.indexOf("\n## ", start + heading.length());
            text = text.substring(0, start) + section + (next < 0 ? "" : "\n" + text.substring(next + 1));
        }
        Files.writeString(doc, text);
    }

    /** {@code orca.features} of the distribution's conf/orca.properties: what bin/orca boots by default. */
    static String shippedFeatures(Path distribution) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(distribution.resolve("conf/orca.properties"))) {
            properties.load(in);
        }
        return properties.getProperty("orca.features");
    }
}
