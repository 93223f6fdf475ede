package dev.orca.core.internal.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.Image;
import dev.orca.spi.ImageStore;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code orca:inspect ID}: the pod, container or image an ID or a unique prefix of one names (an image also by tag or
 * digest), as indented JSON: its record, and what is live about it (a container's state from its handler, whether a
 * pod's handler is deployed, which containers use an image).
 */
final class Inspection {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final NodeView view;

    Inspection(NodeView view) {
        this.view = view;
    }

    /** @throws IllegalArgumentException when nothing, or more than one thing, has that ID or prefix */
    String of(String idOrPrefix) {
        String query = idOrPrefix == null ? "" : idOrPrefix.strip();
        if (query.isEmpty()) {
            throw new IllegalArgumentException("give the ID, or a prefix of the ID, of a pod, container or image");
        }
        List<Map<String, Object>> found = matches(query);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no pod, container or image has the ID or prefix \"" + query + "\""
                    + missing());
        }
        if (found.size() > 1) {
            List<String> names = found.stream().map(f -> f.get("kind") + " " + f.get("id")).toList();
            throw new IllegalArgumentException("\"" + query + "\" is ambiguous: " + String.join(", ", names));
        }
        try {
            return JSON.writeValueAsString(found.get(0));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Map<String, Object>> matches(String query) {
        List<Map<String, Object>> found = new ArrayList<>();
        view.state().ifPresent(state -> {
            state.pods().stream().filter(p -> p.id().startsWith(query)).forEach(p -> found.add(pod(state, p)));
            state.containers().stream().filter(c -> c.id().startsWith(query)).forEach(c -> found.add(container(c)));
        });
        view.images().ifPresent(store -> {
            List<Image> images = store.list().stream()
                    .filter(i -> Cells.bareId(i.id()).startsWith(Cells.bareId(query))).toList();
            if (images.isEmpty() && found.isEmpty()) {
                images = byReference(store, query).stream().toList();
            }
            images.forEach(i -> found.add(image(i)));
        });
        return found;
    }

    private static Optional<Image> byReference(ImageStore store, String reference) {
        try {
            return store.find(reference);
        } catch (RuntimeException e) {
            return Optional.empty(); // not a reference the store can parse
        }
    }

    private String missing() {
        List<String> away = new ArrayList<>();
        if (view.state().isEmpty()) {
            away.add(NodeView.NO_STATE);
        }
        if (view.images().isEmpty()) {
            away.add(NodeView.NO_IMAGES);
        }
        return away.isEmpty() ? "" : " (" + String.join("; ", away) + ")";
    }

    private Map<String, Object> pod(NodeState state, PodRecord pod) {
        Map<String, Object> out = header("pod", pod.id());
        out.put("handler", view.handlers().find(pod.handler()).isPresent() ? "deployed"
                : "handler '" + pod.handler() + "' not deployed");
        out.put("record", pod);
        List<Map<String, Object>> containers = new ArrayList<>();
        for (ContainerRecord c : state.containersOf(pod.id())) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", c.id());
            entry.put("name", c.name());
            entry.put("state", view.container(c).stateText());
            containers.add(entry);
        }
        out.put("containers", containers);
        return out;
    }

    private Map<String, Object> container(ContainerRecord record) {
        Map<String, Object> out = header("container", record.id());
        ContainerView shown = view.container(record);
        out.put("state", shown.live() != null ? shown.live() : shown.unanswered());
        out.put("record", record);
        return out;
    }

    private Map<String, Object> image(Image image) {
        Map<String, Object> out = header("image", image.id());
        out.put("usedBy", view.state().map(s -> s.containers().stream()
                .filter(c -> image.id().equals(c.imageId())).map(ContainerRecord::id).toList()).orElse(List.of()));
        out.put("record", image);
        return out;
    }

    private static Map<String, Object> header(String kind, String id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("id", id);
        return out;
    }
}
