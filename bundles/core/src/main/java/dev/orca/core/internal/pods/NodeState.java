package dev.orca.core.internal.pods;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods and containers of this node, in memory and on disk ({@code <root>/pods/<id>.json},
 * {@code <root>/containers/<id>.json}, each replaced whole by {@link StateFiles}), so that they outlive the daemon. Names are
 * reserved: a second pod with the same name, namespace, uid and attempt, or a second container of one name and
 * attempt in a pod, is refused while the first exists.
 */
public final class NodeState {

    private static final Logger LOG = LoggerFactory.getLogger(NodeState.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path pods;
    private final Path containers;
    private final Map<String, PodRecord> podsById = new ConcurrentHashMap<>();
    private final Map<String, ContainerRecord> containersById = new ConcurrentHashMap<>();
    private final ContainerIntents intents;

    public NodeState(Path root) throws IOException {
        this.pods = Files.createDirectories(root.resolve("pods"));
        this.containers = Files.createDirectories(root.resolve("containers"));
        this.intents = new ContainerIntents(root.resolve("creating"));
        load(pods, PodRecord.class).forEach(p -> podsById.put(p.id(), p));
        load(containers, ContainerRecord.class).forEach(c -> containersById.put(c.id(), c));
    }

    private static <T> List<T> load(Path dir, Class<T> type) throws IOException {
        List<T> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                if (file.toString().endsWith(".tmp")) {
                    LOG.info("deleting {}, a record a crash left half-written; the record itself is whole", file);
                    Files.deleteIfExists(file);
                    continue;
                }
                if (!file.toString().endsWith(".json")) {
                    continue;
                }
                try {
                    records.add(JSON.readValue(file.toFile(), type));
                } catch (IOException e) {
                    LOG.warn("state file {} is unreadable and is skipped: {}", file, e.getMessage());
                }
            }
        }
        return records;
    }

    /** Records a new pod, refusing a name already in use (naming the pod that has it). */
    public synchronized void addPod(PodRecord pod) throws IOException {
        Optional<PodRecord> holder = podsById.values().stream()
                .filter(p -> p.reservedName().equals(pod.reservedName())).findFirst();
        if (holder.isPresent()) {
            throw new NameInUseException("pod \"" + pod.request().name() + "\" in namespace \""
                    + pod.request().namespace() + "\" (uid " + pod.request().uid() + ", attempt "
                    + pod.request().attempt() + ") already exists as sandbox " + holder.get().id());
        }
        putPod(pod);
    }

    public synchronized void putPod(PodRecord pod) throws IOException {
        write(pods.resolve(pod.id() + ".json"), pod);
        podsById.put(pod.id(), pod);
    }

    /**
     * Replaces the pod's record with what {@code change} makes of it, only while the pod is recorded: a pod removed
     * meanwhile stays removed. Returns the new record, or empty.
     */
    public synchronized Optional<PodRecord> updatePod(String id, UnaryOperator<PodRecord> change) throws IOException {
        PodRecord recorded = podsById.get(id);
        if (recorded == null) {
            return Optional.empty();
        }
        PodRecord changed = change.apply(recorded);
        putPod(changed);
        return Optional.of(changed);
    }

    public Optional<PodRecord> pod(String id) {
        return Optional.ofNullable(podsById.get(id));
    }

    public List<PodRecord> pods() {
        return List.copyOf(podsById.values());
    }

    /** Removes the pod's record; returns whether it was there. */
    public synchronized boolean removePod(String id) throws IOException {
        Files.deleteIfExists(pods.resolve(id + ".json"));
        return podsById.remove(id) != null;
    }

    /** Records a new container, refusing a name and attempt already in use in its pod. */
    public synchronized void addContainer(ContainerRecord container) throws IOException {
        Optional<ContainerRecord> holder = containersById.values().stream()
                .filter(c -> c.reservedName().equals(container.reservedName())).findFirst();
        if (holder.isPresent()) {
            throw new NameInUseException("container \"" + container.name() + "\" (attempt " + container.attempt()
                    + ") already exists in sandbox " + container.podId() + " as " + holder.get().id());
        }
        putContainer(container);
    }

    public synchronized void putContainer(ContainerRecord container) throws IOException {
        write(containers.resolve(container.id() + ".json"), container);
        containersById.put(container.id(), container);
    }

    /**
     * Replaces the container's record with what {@code change} makes of it, only while the container is recorded: a
     * state read just before a RemoveContainer must not bring the record back. Returns the new record, or empty.
     */
    public synchronized Optional<ContainerRecord> updateContainer(String id, UnaryOperator<ContainerRecord> change)
            throws IOException {
        ContainerRecord recorded = containersById.get(id);
        if (recorded == null) {
            return Optional.empty();
        }
        ContainerRecord changed = change.apply(recorded);
        if (changed != recorded) {
            putContainer(changed);
        }
        return Optional.of(changed);
    }

    /** The containers CreateContainer has begun to make and not yet recorded or taken apart. */
    public ContainerIntents intents() {
        return intents;
    }

    public Optional<ContainerRecord> container(String id) {
        return Optional.ofNullable(containersById.get(id));
    }

    public List<ContainerRecord> containers() {
        return List.copyOf(containersById.values());
    }

    /** The images containers (running or not) were created from, each with one such container's ID. */
    public java.util.Map<String, String> containerByImageId() {
        java.util.Map<String, String> users = new java.util.HashMap<>();
        containersById.values().forEach(c -> users.putIfAbsent(c.imageId(), c.id()));
        return users;
    }

    public List<ContainerRecord> containersOf(String podId) {
        return containersById.values().stream().filter(c -> c.podId().equals(podId)).toList();
    }

    /** Removes the container's record; returns whether it was there (so two removals report it once). */
    public synchronized boolean removeContainer(String id) throws IOException {
        Files.deleteIfExists(containers.resolve(id + ".json"));
        return containersById.remove(id) != null;
    }

    private static void write(Path target, Object record) throws IOException {
        StateFiles.replace(target, JSON.writeValueAsBytes(record));
    }

    /** A pod or container name is taken. */
    public static final class NameInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        NameInUseException(String message) {
            super(message);
        }
    }
}
