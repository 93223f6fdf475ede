package dev.orca.runtime.vm.internal.agent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a frame: {@code key\0value\0} pairs in order, a key repeated to make a list. Values cannot hold a
 * NUL; numbers are decimal text.
 */
public final class Fields {

    private final List<Map.Entry<String, String>> entries = new ArrayList<>();

    public static Fields of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in key and value pairs");
        }
        Fields fields = new Fields();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.add(keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    /** Appends a pair. @throws IllegalArgumentException when the key is empty or either holds a NUL */
    public Fields add(String key, String value) {
        if (key.isEmpty() || key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("field \"" + key.replace('\0', '?') + "\": a key must be non-empty,"
                    + " and neither key nor value may hold a NUL");
        }
        entries.add(Map.entry(key, value));
        return this;
    }

    public Fields add(String key, long value) {
        return add(key, Long.toString(value));
    }

    public Fields addAll(String key, List<String> values) {
        values.forEach(v -> add(key, v));
        return this;
    }

    /** The first value of a key. */
    public Optional<String> get(String key) {
        return entries.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).findFirst();
    }

    /** The first value of a key as a number, or {@code otherwise} when absent or not a number. */
    public long number(String key, long otherwise) {
        try {
            return get(key).map(Long::parseLong).orElse(otherwise);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Every value of a key, in order. */
    public List<String> all(String key) {
        return entries.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).toList();
    }

    public List<Map.Entry<String, String>> entries() {
        return List.copyOf(entries);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : entries) {
            out.writeBytes(e.getKey().getBytes(StandardCharsets.UTF_8));
            out.write(0);
            out.writeBytes(e.getValue().getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the payload is not whole pairs of NUL-terminated strings */
    public static Fields decode(byte[] payload) {
        Fields fields = new Fields();
        int start = 0;
        String key = null;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                String text = new String(payload, start, i - start, StandardCharsets.UTF_8);
                if (key == null) {
                    key = text;
                } else {
                    fields.entries.add(Map.entry(key, text));
                    key = null;
                }
                start = i + 1;
            }
        }
        if (start != payload.length || key != null) {
            throw new IllegalArgumentException("fields of " + payload.length + " bytes do not end with a whole"
                    + " key and value");
        }
        return fields;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fields f && f.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
