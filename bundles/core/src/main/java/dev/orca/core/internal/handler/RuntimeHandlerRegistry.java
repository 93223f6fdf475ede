package dev.orca.core.internal.handler;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;

import dev.orca.core.internal.wait.Patience;
import dev.orca.spi.RuntimeHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every {@link RuntimeHandler} service as it comes and goes, and answers which handler serves a name.
 *
 * <p>When two services claim one name, the higher {@code service.ranking} wins, then the configuration whose
 * {@code service.pid} sorts first (so the rule does not depend on which came first), then the older service; the
 * loser is kept, logged as shadowed, and takes over if the winner leaves. A handler configuration from a CRI-O
 * TOML table ranks -1, so a deploy/ configuration of the same name wins. The default handler is the available
 * service, winner of its name, that sets {@link RuntimeHandler#DEFAULT} with the highest
 * {@link RuntimeHandler#DEFAULT_RANKING}, then by the rule above. A handler that says it is unavailable (its binary
 * is missing) is neither offered to new pods nor listed; calls on its existing pods still reach it.
 */
@Component(service = RuntimeHandlerRegistry.class)
public final class RuntimeHandlerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeHandlerRegistry.class);

    private final List<HandlerEntry> registered = new CopyOnWriteArrayList<>();

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bind(RuntimeHandler handler, Map<String, Object> properties) {
        Optional<HandlerEntry> entry = entryOf(handler, properties);
        if (entry.isEmpty()) {
            LOG.warn("runtime handler service {} has no '{}' property; it is not offered",
                    properties.get(Constants.SERVICE_ID), RuntimeHandler.HANDLER);
            return;
        }
        HandlerEntry added = entry.get();
        synchronized (registered) {
            registered.add(added);
            registered.notifyAll();
        }
        Optional<HandlerEntry> winner = find(added.name());
        if (winner.isPresent() && winner.get() != added) {
            LOG.warn("runtime handler '{}' of {} (bundle {}) is shadowed by {} (bundle {}), which ranks higher"
                    + " (service.ranking, then configuration PID)", added.name(), added.source(), added.bundleId(),
                    winner.get().source(), winner.get().bundleId());
        } else {
            // Not the handler's description: it may probe its runtime, which a node starting must not wait for.
            LOG.info("runtime handler '{}' deployed from {} (bundle {}, service {})", added.name(), added.source(),
                    added.bundleId(), added.serviceId());
        }
    }

    void unbind(RuntimeHandler handler, Map<String, Object> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        registered.removeIf(e -> Long.valueOf(e.serviceId()).equals(id));
        entryOf(handler, properties).ifPresent(gone -> {
            Optional<HandlerEntry> next = find(gone.name());
            if (next.isPresent()) {
                LOG.info("runtime handler '{}' now served by service {} from bundle {}", gone.name(),
                        next.get().serviceId(), next.get().bundleId());
            } else {
                LOG.info("runtime handler '{}' removed (bundle {}, service {})", gone.name(), gone.bundleId(), id);
            }
        });
    }

    void updated(RuntimeHandler handler, Map<String, Object> properties) {
        unbind(handler, properties);
        bind(handler, properties);
    }

    /** The service that serves {@code name} now, if any. */
    public Optional<HandlerEntry> find(String name) {
        return registered.stream().filter(e -> e.name().equals(name)).reduce((a, b) -> a.outranks(b) ? a : b);
    }

    /**
     * The service that serves {@code name}, waiting up to {@code patience} for it: while the node starts, or a
     * handler's bundle or configuration is updated, a handler is away for a moment.
     */
    public Optional<HandlerEntry> await(String name, java.time.Duration patience) {
        synchronized (registered) {
            Patience.onMonitor(registered, () -> find(name).isPresent(), patience);
            return find(name);
        }
    }

    /** The handler for pods that name none, waiting up to {@code patience} for one (while the node starts). */
    public Optional<HandlerEntry> awaitDefault(java.time.Duration patience) {
        synchronized (registered) {
            Patience.onMonitor(registered, () -> defaultHandler().isPresent(), patience);
            return defaultHandler();
        }
    }

    /** The handler for pods that name none, if any is deployed and available. */
    public Optional<HandlerEntry> defaultHandler() {
        return registered.stream()
                .filter(HandlerEntry::isDefault)
                .filter(HandlerEntry::available)
                .filter(e -> find(e.name()).orElse(null) == e)
                .reduce((a, b) -> a.outranksAsDefault(b) ? a : b);
    }

    /** The winning service of every handler name that can run pods now, sorted by name. */
    public List<HandlerEntry> handlers() {
        return winners().stream().filter(HandlerEntry::available).toList();
    }

    /** The winning services that cannot run pods now (see {@link RuntimeHandler#unavailability()}). */
    public List<HandlerEntry> unavailable() {
        return winners().stream().filter(e -> !e.available()).toList();
    }

    private List<HandlerEntry> winners() {
        List<HandlerEntry> winners = new ArrayList<>();
        registered.stream().map(HandlerEntry::name).distinct().sorted()
                .forEach(name -> find(name).ifPresent(winners::add));
        return winners;
    }

    static Optional<HandlerEntry> entryOf(RuntimeHandler handler, Map<String, Object> properties) {
        Object name = properties.get(RuntimeHandler.HANDLER);
        if (!(name instanceof String s) || s.isBlank()) {
            return Optional.empty();
        }
        boolean isDefault = Boolean.parseBoolean(String.valueOf(properties.get(RuntimeHandler.DEFAULT)));
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        long id = properties.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
        long bundleId = properties.get(Constants.SERVICE_BUNDLEID) instanceof Long b ? b : -1;
        String pid = properties.get(Constants.SERVICE_PID) instanceof String p ? p : "";
        return Optional.of(new HandlerEntry(s.trim(), handler, isDefault, defaultRanking(s.trim(), properties),
                ranking, pid, id, bundleId));
    }

    /** {@link RuntimeHandler#DEFAULT_RANKING}: an integer or its text; 0 when absent, and when not a number (logged). */
    private static int defaultRanking(String name, Map<String, Object> properties) {
        Object value = properties.get(RuntimeHandler.DEFAULT_RANKING);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            LOG.warn("runtime handler '{}': {} '{}' is not an integer; taken as 0", name,
                    RuntimeHandler.DEFAULT_RANKING, value);
            return 0;
        }
    }
}
