package dev.orca.core.internal.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osgi.framework.Constants;

/**
 * {@code orca:services}: for each SPI service interface, every registered service with the properties that tell it
 * apart and the bundle that provides it; an interface nobody provides says so.
 */
final class ServiceTable {

    /** One registered service: its properties and its bundle ({@code name version [id]}). */
    record Registration(Map<String, Object> properties, String bundle) {
    }

    private ServiceTable() {
    }

    static String of(List<SpiServices> services, Function<String, List<Registration>> registrations) {
        Table table = new Table("SERVICE", "ID", "PROPERTIES", "BUNDLE");
        for (SpiServices service : services) {
            List<Registration> found = registrations.apply(service.type());
            if (found.isEmpty()) {
                table.row(service.simpleName(), Cells.NONE, Cells.NONE, "none registered");
            }
            for (Registration r : found) {
                table.row(service.simpleName(), String.valueOf(r.properties().get(Constants.SERVICE_ID)),
                        properties(service, r.properties()), r.bundle());
            }
        }
        return table.toString();
    }

    private static String properties(SpiServices service, Map<String, Object> properties) {
        List<String> shown = new ArrayList<>();
        for (String key : service.keys()) {
            if (properties.containsKey(key)) {
                shown.add(key + "=" + properties.get(key));
            }
        }
        if (properties.get(Constants.SERVICE_RANKING) instanceof Integer ranking && ranking != 0) {
            shown.add(Constants.SERVICE_RANKING + "=" + ranking);
        }
        return Cells.list(shown);
    }
}
