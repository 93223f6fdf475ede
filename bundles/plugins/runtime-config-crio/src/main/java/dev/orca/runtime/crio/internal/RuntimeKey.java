package dev.orca.runtime.crio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The keys of a {@code [crio.runtime.runtimes.NAME]} table that Orca applies, with the types crio.conf(5) gives. */
enum RuntimeKey {
    RUNTIME_PATH("runtime_path", Kind.STRING),
    RUNTIME_ROOT("runtime_root", Kind.STRING),
    RUNTIME_TYPE("runtime_type", Kind.STRING),
    MONITOR_PATH("monitor_path", Kind.STRING),
    ALLOWED_ANNOTATIONS("allowed_annotations", Kind.STRINGS),
    PRIVILEGED_WITHOUT_HOST_DEVICES("privileged_without_host_devices", Kind.BOOLEAN);

    enum Kind { STRING, STRINGS, BOOLEAN }

    private final String tomlKey;
    private final Kind kind;

    RuntimeKey(String tomlKey, Kind kind) {
        this.tomlKey = tomlKey;
        this.kind = kind;
    }

    String tomlKey() {
        return tomlKey;
    }

    static Optional<RuntimeKey> of(String tomlKey) {
        for (RuntimeKey key : values()) {
            if (key.tomlKey.equals(tomlKey)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** What the value should have been, if {@code tomlKey} is one Orca applies and the value has another type. */
    static Optional<String> typeProblem(String tomlKey, JsonNode value) {
        return of(tomlKey).filter(key -> !key.accepts(value)).map(key -> switch (key.kind) {
            case STRING -> "a string";
            case STRINGS -> "an array of strings";
            case BOOLEAN -> "true or false";
        });
    }

    private boolean accepts(JsonNode value) {
        return switch (kind) {
            case STRING -> value.isTextual();
            case BOOLEAN -> value.isBoolean();
            case STRINGS -> value.isArray() && strings(value).size() == value.size();
        };
    }

    static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> {
            if (item.isTextual()) {
                strings.add(item.asText());
            }
        });
        return strings;
    }
}
