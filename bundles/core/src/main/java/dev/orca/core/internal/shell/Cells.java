package dev.orca.core.internal.shell;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** How values read in a table cell: short IDs, sizes, times, lists. */
final class Cells {

    /** As crictl shortens them. */
    static final int SHORT_ID = 13;
    static final String NONE = "-";

    private Cells() {
    }

    /** The first 13 hex digits of a pod, container or image ID (without {@code sha256:}). */
    static String shortId(String id) {
        String hex = bareId(id);
        return hex.length() <= SHORT_ID ? hex : hex.substring(0, SHORT_ID);
    }

    /** An ID without its {@code sha256:} algorithm prefix. */
    static String bareId(String id) {
        return id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    }

    /** Bytes in the largest unit that keeps a number of at least 1, one decimal: {@code 4.2 MB} (1000-based). */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** To the second, in UTC: {@code 2024-05-01T10:00:00Z}. */
    static String time(Instant instant) {
        return instant == null ? NONE : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String list(List<String> values) {
        return values == null || values.isEmpty() ? NONE : String.join(",", values);
    }

    static String text(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
