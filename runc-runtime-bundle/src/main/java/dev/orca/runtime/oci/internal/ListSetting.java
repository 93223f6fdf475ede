package dev.orca.runtime.oci.internal;

import java.util.Arrays;
import java.util.List;

/**
 * A list-valued configuration attribute: a .cfg file in deploy/ gives it as one string, comma- or
 * space-separated; Config Admin and TOML give an array. Both are taken.
 */
final class ListSetting {

    private ListSetting() {
    }

    static List<String> of(String[] values) {
        return values == null ? List.of() : Arrays.stream(values).flatMap(v -> Arrays.stream(v.split("[,\\s]+")))
                .filter(v -> !v.isEmpty()).toList();
    }
}
