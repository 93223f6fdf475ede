package dev.orca.runtime.crio.internal;

import dev.orca.runtime.crio.internal.HandlerConfigurationStore.OtherHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Handler names claimed both by a runtime table and by another configuration (a deploy/ .cfg). The handler
 * registry serves the higher {@code service.ranking}; tables rank {@value RuntimeTableMapper#RANKING}, so a .cfg
 * that sets none (0) wins. One line per clash says who serves the name.
 */
final class HandlerNameClaims {

    private HandlerNameClaims() {
    }

    static List<String> clashes(Map<String, Map<String, Object>> tables, Collection<OtherHandler> others) {
        List<String> clashes = new ArrayList<>();
        for (OtherHandler other : others) {
            Map<String, Object> table = tables.get(other.handler());
            if (table == null) {
                continue;
            }
            String ours = "[crio.runtime.runtimes." + other.handler() + "] (" + table.get(RuntimeTableMapper.SOURCE)
                    + ")";
            String theirs = "configuration " + other.pid() + (other.file().isEmpty() ? "" : " (" + other.file() + ")");
            int rank = RuntimeTableMapper.RANKING;
            String outcome;
            if (other.ranking() > rank) {
                outcome = theirs + " serves it, as it ranks higher (service.ranking " + other.ranking() + " > "
                        + rank + "); " + ours + " is shadowed and takes over if that configuration is removed";
            } else if (other.ranking() < rank) {
                outcome = ours + " serves it, as it ranks higher (service.ranking " + rank + " > "
                        + other.ranking() + "); " + theirs + " is shadowed";
            } else {
                outcome = theirs + " and " + ours + " both rank " + rank
                        + "; the handler registry's tie rule picks one (set service.ranking to decide)";
            }
            clashes.add("runtime handler \"" + other.handler() + "\" is claimed twice: " + outcome);
        }
        return clashes;
    }
}
