package dev.orca.runtime.crio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HandlerConfigurationSyncTest {

    private final InMemoryHandlerStore store = new InMemoryHandlerStore();
    private final HandlerConfigurationSync sync = new HandlerConfigurationSync(store);

    private static Map<String, Object> handler(String name, String path, String... annotations) {
        return Map.of("orca.runtime.handler", name, "runtime.path", path, "allowed.annotations", annotations,
                "orca.config.source", "/conf/crio.conf");
    }

    private static HandlerPlan plan(Map<String, Map<String, Object>> configurations) {
        return new HandlerPlan(new TreeMap<>(configurations), List.of(), List.of());
    }

    @Test
    void createsNewTablesUpdatesChangedOnesAndDeletesThoseGone() throws Exception {
        sync.apply(plan(Map.of("crun", handler("crun", "/usr/bin/crun"), "runsc", handler("runsc", "/usr/bin/runsc"),
                "youki", handler("youki", "/usr/bin/youki"))));
        store.writes.clear();

        List<String> changes = sync.apply(plan(Map.of("crun", handler("crun", "/usr/bin/crun"),
                "runsc", handler("runsc", "/usr/sbin/runsc"))));

        assertEquals(List.of("delete youki", "put runsc"), store.writes);
        assertEquals(2, changes.size());
        assertTrue(changes.get(0).startsWith("runtime handler \"youki\" withdrawn"), changes.get(0));
        assertTrue(changes.get(1).startsWith("runtime handler \"runsc\" updated"), changes.get(1));
    }

    @Test
    void anUnchangedPlanWritesNothingArraysComparedByValue() throws Exception {
        sync.apply(plan(Map.of("crun", handler("crun", "/usr/bin/crun", "run.oci.*"))));
        store.writes.clear();

        List<String> changes = sync.apply(plan(Map.of("crun", handler("crun", "/usr/bin/crun", "run.oci.*"))));

        assertEquals(List.of(), store.writes);
        assertEquals(List.of(), changes);
    }

    @Test
    void startingWithConfigurationsOfAnEarlierRunKeepsTheSameAndDropsTheRest() throws Exception {
        store.ours.put("crun", handler("crun", "/usr/bin/crun"));
        store.ours.put("old", handler("old", "/usr/bin/old"));

        sync.apply(plan(Map.of("crun", handler("crun", "/usr/bin/crun"))));

        assertEquals(List.of("delete old"), store.writes);
    }
}
