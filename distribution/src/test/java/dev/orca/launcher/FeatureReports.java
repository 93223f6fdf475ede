package dev.orca.launcher;

import static dev.orca.launcher.NodeProbe.condition;

import dev.orca.spi.HandlerConfiguration;
import java.util.Hashtable;
import java.util.Optional;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What the core tells of a plug-in's feature through the CRI, where it tells it: Status's NetworkReady condition
 * for the pod network, its verbose {@code seccomp} and {@code apparmor} entries for the profile providers, and its
 * verbose {@code handlers} for a handler of the OCI runtime bundle.
 */
final class FeatureReports {

    /** The OCI handler these tests configure, so that the runtime bundle has a handler to withdraw and restore. */
    static final String RUNC_HANDLER = "exam-runc";

    private FeatureReports() {
    }

    /** Whether the core reports the plug-in's feature deployed; empty for a plug-in Status does not speak of. */
    static Optional<Boolean> reported(String plugin) {
        return switch (plugin) {
            case "dev.orca.network.cni" -> Optional.of(!"no pod network bundle is deployed".equals(
                    condition(NodeProbe.status(), "NetworkReady").getMessage()));
            case "dev.orca.seccomp" -> Optional.of(verboseInfo("seccomp").contains("\"providerDeployed\":true"));
            case "dev.orca.apparmor" -> Optional.of(verboseInfo("apparmor").contains("\"providerDeployed\":true"));
            case "dev.orca.runtime.oci" -> Optional.of(verboseInfo("handlers").contains("\"" + RUNC_HANDLER + "\""));
            default -> Optional.empty();
        };
    }

    /** Waits until the core reports the plug-in's feature deployed or gone, where it reports it at all. */
    static void awaitReported(String plugin, boolean deployed) throws InterruptedException {
        if (reported(plugin).isPresent()) {
            NodeProbe.await("the core reports " + plugin + (deployed ? " deployed" : " gone"),
                    () -> reported(plugin).orElseThrow() == deployed);
        }
    }

    /** A factory configuration of the OCI runtime bundle for runc under conmon, made once per framework. */
    static synchronized void configureRuncHandler() throws Exception {
        ServiceReference<ConfigurationAdmin> reference =
                NodeProbe.context().getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = NodeProbe.context().getService(reference);
        try {
            Configuration configuration = admin.getFactoryConfiguration(HandlerConfiguration.FACTORY_PID,
                    RUNC_HANDLER, "?");
            if (configuration.getProperties() == null) {
                Hashtable<String, Object> properties = new Hashtable<>();
                properties.put(HandlerConfiguration.HANDLER, RUNC_HANDLER);
                properties.put(HandlerConfiguration.RUNTIME_PATH, "/usr/sbin/runc");
                properties.put(HandlerConfiguration.MONITOR_PATH, "/usr/bin/conmon");
                configuration.update(properties);
            }
        } finally {
            NodeProbe.context().ungetService(reference);
        }
    }

    private static String verboseInfo(String key) {
        return NodeProbe.verboseStatus().getInfoMap().getOrDefault(key, "");
    }
}
