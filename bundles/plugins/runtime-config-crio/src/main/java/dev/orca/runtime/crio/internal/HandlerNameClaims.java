package dev.orca.runtime.crio.internal;

import dev.orca.runtime.crio.internal.HandlerConfigurationStore.OtherHandler;
import dev.orca.spi.RuntimeHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        defaultClash(tables, others).ifPresent(clashes::add);
        return clashes;
    }

    /** default_runtime does not take effect while a higher-ranked configuration is marked default. */
    private static Optional<String> defaultClash(Map<String, Map<String, Object>> tables,
            Collection<OtherHandler> others) {
        Optional<String> ours = tables.entrySet().stream()
                .filter(t -> Boolean.TRUE.equals(t.getValue().get(RuntimeHandler.DEFAULT))).map(Map.Entry::getKey)
                .findFirst();
        Optional<OtherHandler> theirs = others.stream().filter(OtherHandler::isDefault)
                .filter(o -> o.ranking() > RuntimeTableMapper.RANKING).findFirst();
        if (ours.isEmpty() || theirs.isEmpty()) {
            return Optional.empty();
        }
        OtherHandler other = theirs.get();
        return Optional.of("default_runtime \"" + ours.get() + "\" does not take effect: configuration "
                + other.pid() + (other.file().isEmpty() ? "" : " (" + other.file() + ")") + " marks \""
                + other.handler() + "\" as the default and ranks higher (service.ranking " + other.ranking() + " > "
                + RuntimeTableMapper.RANKING + "); remove its orca.runtime.default to let the tables choose");
    }
}
