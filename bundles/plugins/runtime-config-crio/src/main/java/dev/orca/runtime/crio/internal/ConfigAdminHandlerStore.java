package dev.orca.runtime.crio.internal;

import dev.orca.spi.HandlerConfiguration;
import dev.orca.spi.RuntimeHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Handler configurations in Configuration Admin: factory configurations of {@value #FACTORY_PID} named
 * {@code crio-NAME}, found again (also after a restart, as Configuration Admin keeps them) by their
 * {@link RuntimeTableMapper#ORIGIN} property.
 */
final class ConfigAdminHandlerStore implements HandlerConfigurationStore {

    static final String FACTORY_PID = HandlerConfiguration.FACTORY_PID;
    private static final String OURS = "(&(service.factoryPid=" + FACTORY_PID + ")(" + RuntimeTableMapper.ORIGIN
            + "=" + RuntimeTableMapper.ORIGIN_VALUE + "))";
    private static final String OTHERS = "(&(service.factoryPid=" + FACTORY_PID + ")(!("
            + RuntimeTableMapper.ORIGIN + "=" + RuntimeTableMapper.ORIGIN_VALUE + ")))";
    private static final List<String> MANAGED = List.of(Constants.SERVICE_PID, "service.factoryPid",
            "service.bundleLocation");

    private final ConfigurationAdmin admin;

    ConfigAdminHandlerStore(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Map<String, Map<String, Object>> ours() throws IOException {
        Map<String, Map<String, Object>> ours = new HashMap<>();
        for (Configuration configuration : list(OURS)) {
            Map<String, Object> properties = plain(configuration.getProperties());
            if (properties.get(RuntimeTableMapper.TABLE) instanceof String table) {
                ours.put(table, properties);
            }
        }
        return ours;
    }

    @Override
    public Change put(String table, Map<String, Object> properties) throws IOException {
        Configuration configuration = admin.getFactoryConfiguration(FACTORY_PID, "crio-" + table, "?");
        Dictionary<String, Object> before = configuration.getProperties();
        if (before != null && PropertyValues.same(plain(before), properties)) {
            return Change.UNCHANGED;
        }
        configuration.update(new Hashtable<>(properties));
        return before == null ? Change.CREATED : Change.UPDATED;
    }

    @Override
    public void delete(String table) throws IOException {
        for (Configuration configuration : list(OURS)) {
            if (table.equals(configuration.getProperties().get(RuntimeTableMapper.TABLE))) {
                configuration.delete();
            }
        }
    }

    @Override
    public List<OtherHandler> others() throws IOException {
        List<OtherHandler> others = new ArrayList<>();
        for (Configuration configuration : list(OTHERS)) {
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties != null && properties.get(RuntimeHandler.HANDLER) instanceof String name) {
                int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
                Object file = properties.get("felix.fileinstall.filename");
                boolean isDefault = Boolean.parseBoolean(String.valueOf(properties.get(RuntimeHandler.DEFAULT)));
                others.add(new OtherHandler(configuration.getPid(), name.trim(), isDefault, ranking,
                        Objects.toString(file, "")));
            }
        }
        return others;
    }

    private List<Configuration> list(String filter) throws IOException {
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? List.of() : Arrays.asList(found);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("filter " + filter, e);
        }
    }

    private static Map<String, Object> plain(Dictionary<String, Object> dictionary) {
        Map<String, Object> properties = new HashMap<>();
        if (dictionary != null) {
            for (String key : Collections.list(dictionary.keys())) {
                if (!MANAGED.contains(key)) {
                    properties.put(key, dictionary.get(key));
                }
            }
        }
        return properties;
    }
}
