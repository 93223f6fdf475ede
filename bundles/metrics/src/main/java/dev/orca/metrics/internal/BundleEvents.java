package dev.orca.metrics.internal;

import dev.orca.spi.metrics.CounterFamily;
import dev.orca.spi.metrics.MetricFamily;
import dev.orca.spi.metrics.MetricSource;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** Counts the framework's bundle events (installed, started, stopped, updated, uninstalled) by bundle. */
@Component(service = MetricSource.class)
public final class BundleEvents implements MetricSource, BundleListener {

    private final CounterFamily events = new CounterFamily("orca_bundle_events_total",
            "Bundle lifecycle events seen since the metrics bundle started, by bundle symbolic name and event",
            "bundle", "event");
    private final BundleContext context;

    @Activate
    public BundleEvents(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
    }

    @Deactivate
    void stop() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String name = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.STARTED -> "started";
            case BundleEvent.STOPPED -> "stopped";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.UNINSTALLED -> "uninstalled";
            default -> null;
        };
        String bundle = event.getBundle().getSymbolicName();
        if (name != null) {
            events.inc(bundle == null ? "" : bundle, name);
        }
    }

    @Override
    public List<MetricFamily> families() {
        return List.of(events);
    }
}
