package dev.orca.runtime.crio.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Handler configurations kept in a map, as Configuration Admin would keep them, with a log of the writes. */
final class InMemoryHandlerStore implements HandlerConfigurationStore {

    final Map<String, Map<String, Object>> ours = new LinkedHashMap<>();
    final List<OtherHandler> others = new ArrayList<>();
    final List<String> writes = new ArrayList<>();

    @Override
    public Map<String, Map<String, Object>> ours() {
        return new LinkedHashMap<>(ours);
    }

    @Override
    public Change put(String table, Map<String, Object> properties) {
        Map<String, Object> before = ours.get(table);
        if (before != null && PropertyValues.same(before, properties)) {
            return Change.UNCHANGED;
        }
        ours.put(table, new LinkedHashMap<>(properties));
        writes.add("put " + table);
        return before == null ? Change.CREATED : Change.UPDATED;
    }

    @Override
    public void delete(String table) {
        ours.remove(table);
        writes.add("delete " + table);
    }

    @Override
    public List<OtherHandler> others() {
        return others;
    }
}
