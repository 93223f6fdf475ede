package dev.orca.core.internal.shell;

import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo commands ({@code orca:handlers}) that show the runtime handlers the node offers. */
@Component(service = HandlerCommands.class, property = {
    "osgi.command.scope=orca",
    "osgi.command.function=handlers"
})
public final class HandlerCommands {

    private final RuntimeHandlerRegistry registry;
    private final BundleContext context;

    @Activate
    public HandlerCommands(@Reference RuntimeHandlerRegistry registry, BundleContext context) {
        this.registry = registry;
        this.context = context;
    }

    /** One line per handler: name, default mark, the providing bundle, and the handler's own description. */
    public String handlers() {
        List<HandlerEntry> handlers = registry.handlers();
        if (handlers.isEmpty()) {
            return "no runtime handler is deployed";
        }
        String dflt = registry.defaultHandler().map(HandlerEntry::name).orElse("");
        Table table = new Table("HANDLER", "DEFAULT", "BUNDLE", "DESCRIPTION");
        for (HandlerEntry h : handlers) {
            table.row(h.name(), h.name().equals(dflt) ? "yes" : "", bundleName(h.bundleId()), h.handler().describe());
        }
        return table.toString();
    }

    private String bundleName(long id) {
        Bundle bundle = context.getBundle(id);
        return bundle == null ? String.valueOf(id) : bundle.getSymbolicName() + " [" + id + "]";
    }
}
