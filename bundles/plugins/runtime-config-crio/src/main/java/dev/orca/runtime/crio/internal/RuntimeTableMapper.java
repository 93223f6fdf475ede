package dev.orca.runtime.crio.internal;

import static dev.orca.runtime.crio.internal.RuntimeKey.ALLOWED_ANNOTATIONS;
import static dev.orca.runtime.crio.internal.RuntimeKey.MONITOR_PATH;
import static dev.orca.runtime.crio.internal.RuntimeKey.PRIVILEGED_WITHOUT_HOST_DEVICES;
import static dev.orca.runtime.crio.internal.RuntimeKey.RUNTIME_PATH;
import static dev.orca.runtime.crio.internal.RuntimeKey.RUNTIME_ROOT;
import static dev.orca.runtime.crio.internal.RuntimeKey.RUNTIME_TYPE;

import dev.orca.spi.HandlerConfiguration;
import dev.orca.spi.RuntimeHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.osgi.framework.Constants;

/**
 * Turns runtime tables into the properties of OCI runtime handler configurations
 * ({@value HandlerConfiguration#FACTORY_PID}), as crio.conf(5) defines the keys: an empty or missing
 * {@code runtime_path} is the table's name looked up in PATH, a missing {@code monitor_path} is conmon from PATH,
 * {@code runtime_type} is "oci" unless it says otherwise (and otherwise the table is refused: Orca runs only OCI CLI
 * runtimes). Every configuration ranks
 * {@value #RANKING}, so a handler configured in deploy/ under the same name wins.
 */
final class RuntimeTableMapper {

    static final String ORIGIN = "orca.config.origin";
    static final String ORIGIN_VALUE = "dev.orca.runtime.crio";
    static final String SOURCE = "orca.config.source";
    static final String TABLE = "orca.crio.table";
    static final int RANKING = -1;

    /** A RuntimeClass handler is a DNS label; dots and underscores are let through as CRI-O does not check. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private final ExecutableSearch path;

    RuntimeTableMapper(ExecutableSearch path) {
        this.path = path;
    }

    HandlerPlan map(MergedCrioConfig config) {
        Map<String, Map<String, Object>> configurations = new TreeMap<>();
        List<String> refused = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (RuntimeTable table : config.tables().values()) {
            boolean isDefault = config.defaultRuntime().filter(table.name()::equals).isPresent();
            try {
                configurations.put(table.name(), properties(table, isDefault));
                ignoredKeys(table).ifPresent(notes::add);
            } catch (IllegalArgumentException e) {
                refused.add(table.header() + " of " + sources(table) + ": " + e.getMessage());
            }
        }
        config.defaultRuntime().ifPresentOrElse(name -> {
            if (!configurations.containsKey(name)) {
                notes.add("default_runtime \"" + name + "\" (" + config.defaultRuntimeSource().orElseThrow()
                        + ") names no table Orca serves: no handler from crio.conf is the default");
            }
        }, () -> {
            if (!configurations.isEmpty()) {
                notes.add("default_runtime is not set: the default handler is the one deploy/ marks as default");
            }
        });
        return new HandlerPlan(configurations, refused, notes);
    }

    private Map<String, Object> properties(RuntimeTable table, boolean isDefault) {
        if (!NAME.matcher(table.name()).matches()) {
            throw new IllegalArgumentException("\"" + table.name() + "\" cannot be a RuntimeClass handler name");
        }
        String type = table.string(RUNTIME_TYPE).filter(t -> !t.isBlank()).orElse(HandlerConfiguration.OCI_TYPE);
        if (!HandlerConfiguration.OCI_TYPE.equals(type)) {
            throw new IllegalArgumentException("runtime_type \"" + type
                    + "\" is not supported (only \"oci\"); the table is not served");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(RuntimeHandler.HANDLER, table.name());
        properties.put(RuntimeHandler.DEFAULT, isDefault);
        properties.put(HandlerConfiguration.RUNTIME_TYPE, type);
        properties.put(HandlerConfiguration.RUNTIME_PATH,
                binary(table.string(RUNTIME_PATH), table.name(), "runtime_path"));
        properties.put(HandlerConfiguration.MONITOR_PATH,
                binary(table.string(MONITOR_PATH), "conmon", "monitor_path"));
        table.string(RUNTIME_ROOT).filter(r -> !r.isBlank())
                .ifPresent(r -> properties.put(HandlerConfiguration.RUNTIME_ROOT, r));
        table.strings(ALLOWED_ANNOTATIONS)
                .ifPresent(a -> properties.put(HandlerConfiguration.ALLOWED_ANNOTATIONS, a.toArray(String[]::new)));
        table.flag(PRIVILEGED_WITHOUT_HOST_DEVICES)
                .ifPresent(f -> properties.put(HandlerConfiguration.PRIVILEGED_WITHOUT_HOST_DEVICES, f));
        properties.put(Constants.SERVICE_RANKING, RANKING);
        properties.put(ORIGIN, ORIGIN_VALUE);
        properties.put(TABLE, table.name());
        properties.put(SOURCE, sources(table));
        return properties;
    }

    private String binary(Optional<String> configured, String searched, String key) {
        Optional<String> given = configured.filter(p -> !p.isBlank());
        if (given.isPresent()) {
            return given.get();
        }
        return path.find(searched).map(Path::toString).orElseThrow(() -> new IllegalArgumentException(
                key + " is not set and \"" + searched + "\" is not found in PATH"));
    }

    private static Optional<String> ignoredKeys(RuntimeTable table) {
        List<String> ignored = table.keys().keySet().stream()
                .filter(k -> RuntimeKey.of(k).isEmpty()).sorted().toList();
        return ignored.isEmpty() ? Optional.empty()
                : Optional.of(table.header() + ": " + String.join(", ", ignored) + " not used by Orca; ignored");
    }

    private static String sources(RuntimeTable table) {
        return table.sources().stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
