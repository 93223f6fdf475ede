package dev.orca.runtime.crio.internal;

import dev.orca.runtime.crio.internal.HandlerConfigurationStore.Change;
import dev.orca.spi.HandlerConfiguration;
import dev.orca.spi.RuntimeHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the stored handler configurations match a plan: creates the new, updates the changed, deletes those whose
 * table is gone, and leaves the rest untouched (an unchanged handler keeps running without a restart).
 */
final class HandlerConfigurationSync {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerConfigurationSync.class);

    private final HandlerConfigurationStore store;

    HandlerConfigurationSync(HandlerConfigurationStore store) {
        this.store = store;
    }

    /** What changed, one line per handler configuration touched. */
    List<String> apply(HandlerPlan plan) throws IOException {
        List<String> changes = new ArrayList<>();
        Set<String> gone = new TreeSet<>(store.ours().keySet());
        gone.removeAll(plan.configurations().keySet());
        for (String table : gone) {
            store.delete(table);
            changes.add("runtime handler \"" + table + "\" withdrawn: its table is gone from the CRI-O"
                    + " configuration (its pods keep running; new pods are refused)");
        }
        for (Map.Entry<String, Map<String, Object>> wanted : plan.configurations().entrySet()) {
            Change change = store.put(wanted.getKey(), wanted.getValue());
            if (change != Change.UNCHANGED) {
                changes.add("runtime handler \"" + wanted.getKey() + "\" " + change.name().toLowerCase()
                        + " from " + wanted.getValue().get(RuntimeTableMapper.SOURCE) + ": runtime "
                        + wanted.getValue().get(HandlerConfiguration.RUNTIME_PATH)
                        + (Boolean.TRUE.equals(wanted.getValue().get(RuntimeHandler.DEFAULT))
                                ? " (default_runtime)" : ""));
            }
        }
        changes.forEach(LOG::info);
        return changes;
    }
}
