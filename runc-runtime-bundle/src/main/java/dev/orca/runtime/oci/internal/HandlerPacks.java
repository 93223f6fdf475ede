package dev.orca.runtime.oci.internal;

import dev.orca.spi.RuntimeHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runtime packs: bundles that carry handler definitions rather than code. A bundle whose manifest names property
 * files in {@value #HEADER} (the keys of a deploy/ {@code .cfg}) gets one handler per file while it is active,
 * registered in its name, so that installing the jar in deploy/ offers its handlers, updating it re-offers them
 * (containers keep running: a handler's state lives under its name), and uninstalling it withdraws them.
 */
@Component(immediate = true)
public final class HandlerPacks implements BundleTrackerCustomizer<List<HandlerPacks.Offered>> {

    static final String HEADER = "Orca-Runtime-Handlers";
    /** Service property naming the pack (bundle symbolic name) a handler came from. */
    static final String PACK = "orca.runtime.pack";
    private static final Logger LOG = LoggerFactory.getLogger(HandlerPacks.class);

    private final String orcaRunRoot;
    private final BundleTracker<List<Offered>> tracker;

    /** A handler offered for a pack, and its registration. */
    record Offered(OciRuntimeHandler handler, ServiceRegistration<RuntimeHandler> registration) {
    }

    @Activate
    public HandlerPacks(BundleContext context) {
        this.orcaRunRoot = context.getProperty(OciRuntimeHandler.ORCA_RUN_ROOT);
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, this);
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    @Override
    public List<Offered> addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders().get(HEADER);
        if (header == null || header.isBlank()) {
            return null;
        }
        List<Offered> offered = new ArrayList<>();
        for (String path : Arrays.stream(header.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList()) {
            try {
                offered.add(offer(bundle, path));
            } catch (IOException | RuntimeException e) {
                LOG.error("runtime pack {} ({}): handler definition {} is not offered: {}", bundle.getSymbolicName(),
                        bundle.getVersion(), path, e.getMessage());
            }
        }
        return offered;
    }

    private Offered offer(Bundle pack, String path) throws IOException {
        URL entry = pack.getEntry(path);
        if (entry == null) {
            throw new IOException("the bundle has no entry " + path);
        }
        Properties properties = new Properties();
        try (InputStream in = entry.openStream()) {
            properties.load(in);
        }
        HandlerDefinition definition = HandlerDefinition.of(properties);
        OciRuntimeHandler handler = OciRuntimeHandler.of(definition, orcaRunRoot);
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(RuntimeHandler.HANDLER, definition.name());
        serviceProperties.put(RuntimeHandler.DEFAULT,
                Boolean.parseBoolean(properties.getProperty(RuntimeHandler.DEFAULT, "false")));
        serviceProperties.put(Constants.SERVICE_RANKING,
                Integer.parseInt(properties.getProperty(Constants.SERVICE_RANKING, "0").strip()));
        serviceProperties.put(Constants.SERVICE_PID, "pack:" + pack.getSymbolicName() + "/" + path);
        serviceProperties.put(PACK, pack.getSymbolicName());
        ServiceRegistration<RuntimeHandler> registration = pack.getBundleContext()
                .registerService(RuntimeHandler.class, handler, serviceProperties);
        LOG.info("runtime pack {} ({}) offers handler \"{}\"", pack.getSymbolicName(), pack.getVersion(),
                definition.name());
        return new Offered(handler, registration);
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, List<Offered> offered) {
        // a pack's handlers change only when it is updated, which stops and restarts it
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, List<Offered> offered) {
        for (Offered o : offered) {
            try {
                o.registration().unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it with the stopping bundle
            }
            o.handler().deactivate();
        }
        LOG.info("runtime pack {} withdrawn with its {} handler(s); their containers keep running",
                bundle.getSymbolicName(), offered.size());
    }
}
