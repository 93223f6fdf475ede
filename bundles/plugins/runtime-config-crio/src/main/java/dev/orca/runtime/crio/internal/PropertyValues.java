package dev.orca.runtime.crio.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/** Configuration properties compared by value: arrays by their elements, as Configuration Admin stores copies. */
final class PropertyValues {

    private PropertyValues() {
    }

    static boolean same(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> sameValue(e.getValue(), b.get(e.getKey())));
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Object[] x && b instanceof Object[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }
}
