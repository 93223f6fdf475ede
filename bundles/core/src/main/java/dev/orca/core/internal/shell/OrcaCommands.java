package dev.orca.core.internal.shell;

import dev.orca.core.internal.grpc.CriEndpoint;
import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.spi.ImageStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.orca.core.internal.events.ContainerEvent;
import dev.orca.core.internal.events.EventBus;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code orca:*} Gogo commands, for operators: what the node runs and which bundles provide it. They read the
 * state the CRI endpoint keeps and the services as they are now; a part that is away is named, never a failure.
 */
@Component(service = OrcaCommands.class, property = {
    "osgi.command.scope=orca",
    "osgi.command.function=handlers",
    "osgi.command.function=pods",
    "osgi.command.function=containers",
    "osgi.command.function=images",
    "osgi.command.function=inspect",
    "osgi.command.function=services",
    "osgi.command.function=events"
})
public final class OrcaCommands {

    private final RuntimeHandlerRegistry registry;
    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CriEndpoint endpoint;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageStore images;

    @Activate
    public OrcaCommands(@Reference RuntimeHandlerRegistry registry, BundleContext context) {
        this.registry = registry;
        this.context = context;
    }

    private NodeView view() {
        CriEndpoint serving = endpoint;
        NodeState state = serving == null ? null : serving.nodeState().orElse(null);
        return new NodeView(registry, state, images);
    }

    @Descriptor("runtime handlers: default, ready or why not, pods using each, features, bundle, runtime")
    public String handlers() {
        NodeView view = view();
        String dflt = registry.defaultHandler().map(HandlerEntry::name).orElse("");
        return HandlerTable.of(registry.handlers(), registry.unavailable(), dflt, view.state().map(NodeState::pods),
                this::bundleName);
    }

    @Descriptor("pod sandboxes: ID, namespace/name, state, handler, IPs, created, containers, the handler's details")
    public String pods() {
        return view().state().map(s -> PodTable.of(s.pods(), s.containers(), pod -> registry.find(pod.handler())
                .map(h -> h.handler().sandboxDetails(pod.id())).orElse(Map.of()))).orElse(NodeView.NO_STATE);
    }

    @Descriptor("containers: ID, pod, name, image, state (asked of the handler now), handler")
    public String containers() {
        NodeView view = view();
        return view.state().map(s -> ContainerTable.of(s.containers().stream().map(view::container).toList()))
                .orElse(NodeView.NO_STATE);
    }

    @Descriptor("stored images: ID, tags, size")
    public String images() {
        return view().images().map(store -> ImageTable.of(store.list())).orElse(NodeView.NO_IMAGES);
    }

    @Descriptor("a pod, container or image as JSON")
    public String inspect(@Descriptor("an ID or a unique prefix of one (an image also by tag or digest)") String id) {
        return new Inspection(view()).of(id);
    }

    @Descriptor("follows container and sandbox events (created, started, stopped, deleted), one line each, until"
            + " Enter or Ctrl-C")
    public String events(CommandSession session) {
        CriEndpoint serving = endpoint;
        return (serving == null ? java.util.Optional.<EventBus<ContainerEvent>>empty() : serving.events())
                .map(bus -> new EventFollower(bus).follow(session.getKeyboard(), session.getConsole()))
                .orElse(NodeView.NO_STATE);
    }

    @Descriptor("the SPI services registered now and the bundles that provide them")
    public String services() {
        return ServiceTable.of(SpiServices.ALL, this::registrations);
    }

    private List<ServiceTable.Registration> registrations(String type) {
        ServiceReference<?>[] references;
        try {
            // All, not only those wired to our SPI: a bundle built against another SPI version shows too.
            references = context.getAllServiceReferences(type, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter is given
        }
        List<ServiceTable.Registration> found = new ArrayList<>();
        for (ServiceReference<?> reference : references == null ? new ServiceReference<?>[0] : references) {
            Map<String, Object> properties = new TreeMap<>();
            for (String key : reference.getPropertyKeys()) {
                properties.put(key, reference.getProperty(key));
            }
            found.add(new ServiceTable.Registration(properties, bundleName(reference.getBundle())));
        }
        found.sort(Comparator.comparing(r -> (Long) r.properties().get(Constants.SERVICE_ID)));
        return found;
    }

    private String bundleName(long id) {
        Bundle bundle = context.getBundle(id);
        return bundle == null ? "bundle " + id : bundleName(bundle);
    }

    private static String bundleName(Bundle bundle) {
        return bundle == null ? "(unregistered)" : bundle.getSymbolicName() + " " + bundle.getVersion() + " ["
                + bundle.getBundleId() + "]";
    }
}
