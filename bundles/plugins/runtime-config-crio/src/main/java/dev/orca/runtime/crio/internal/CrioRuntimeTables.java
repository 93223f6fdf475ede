package dev.orca.runtime.crio.internal;

import dev.orca.spi.HandlerConfiguration;
import dev.orca.spi.RuntimeHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one OCI runtime handler configuration per {@code [crio.runtime.runtimes.NAME]} table of a CRI-O
 * configuration (main file and drop-ins), following the files as they change. A file that cannot be read as a
 * whole changes nothing: the configurations in force stay, and the problem is logged once per version of the
 * files and shown by {@code orca:crio}.
 */
@Component(service = CrioRuntimeTables.class, configurationPid = CrioRuntimeTables.PID, immediate = true,
        property = {"osgi.command.scope=orca", "osgi.command.function=crio"})
@Designate(ocd = CrioRuntimeTablesConfiguration.class)
public final class CrioRuntimeTables {

    static final String PID = "dev.orca.runtime.crio";
    private static final Logger LOG = LoggerFactory.getLogger(CrioRuntimeTables.class);

    private final CrioConfigFiles files;
    private final CrioConfigParser parser = new CrioConfigParser();
    private final CrioConfigMerger merger = new CrioConfigMerger();
    private final RuntimeTableMapper mapper;
    private final HandlerConfigurationStore store;
    private final HandlerConfigurationSync sync;
    private final ScheduledExecutorService poller;
    private List<ConfigText> applied;
    private List<ConfigText> seen;
    private volatile Set<String> clashes = Set.of();
    private volatile TablesInForce inForce = TablesInForce.NONE;
    private volatile String problem = "";

    @Activate
    public CrioRuntimeTables(@Reference ConfigurationAdmin admin, BundleContext context,
            CrioRuntimeTablesConfiguration config) {
        this(files(config, context.getProperty("orca.home")), ExecutableSearch.ofThisProcess(),
                new ConfigAdminHandlerStore(admin), Duration.ofMillis(Math.max(50, config.poll_interval_millis())));
    }

    CrioRuntimeTables(CrioConfigFiles files, ExecutableSearch path, HandlerConfigurationStore store,
            Duration interval) {
        this.files = files;
        this.mapper = new RuntimeTableMapper(path);
        this.store = store;
        this.sync = new HandlerConfigurationSync(store);
        LOG.info("CRI-O runtime tables from {} and {}/*.conf, read every {} ms", files.mainFile(),
                files.dropInDir(), interval.toMillis());
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "orca-crio-config-watch");
            thread.setDaemon(true);
            return thread;
        });
        pollSafely(); // the handlers of the tables are there when the component is
        poller.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    static CrioConfigFiles files(CrioRuntimeTablesConfiguration config, String orcaHome) {
        String home = orcaHome == null || orcaHome.isBlank() ? "." : orcaHome;
        return new CrioConfigFiles(Path.of(config.file().replace("${orca.home}", home)).toAbsolutePath(),
                Path.of(config.drop_in_dir().replace("${orca.home}", home)).toAbsolutePath());
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.error("CRI-O runtime tables: unexpected failure; trying again at the next look", e);
        }
    }

    /**
     * Reads the files; applies them when they changed and read the same at two looks in a row (a file caught
     * half-written, say emptied by an editor before it writes, must not withdraw handlers for a moment); reports
     * handler name clashes. The first look after start applies at once.
     */
    synchronized void poll() {
        List<ConfigText> texts;
        try {
            texts = files.read();
        } catch (UncheckedIOException e) {
            if (!e.getMessage().equals(problem)) {
                refuse(e.getMessage());
            }
            applied = null;
            return;
        }
        boolean settled = applied == null || texts.equals(seen);
        seen = texts;
        if (settled && !texts.equals(applied)) {
            applied = texts;
            apply(texts);
        }
        reportClashes();
    }

    private void apply(List<ConfigText> texts) {
        try {
            List<CrioConfigDocument> documents = new ArrayList<>();
            for (ConfigText text : texts) {
                documents.add(parser.parse(text));
            }
            MergedCrioConfig merged = merger.merge(documents);
            HandlerPlan plan = mapper.map(merged);
            merged.overrides().forEach(LOG::info);
            plan.notes().forEach(LOG::info);
            plan.refused().forEach(LOG::error);
            sync.apply(plan);
            inForce = new TablesInForce(texts.stream().map(ConfigText::file).toList(), plan);
            problem = String.join("\n", plan.refused());
        } catch (MalformedConfigException e) {
            refuse(e.getMessage());
        } catch (IOException | IllegalStateException e) {
            applied = null; // Configuration Admin could not store them (or is going): try again at the next look
            LOG.error("CRI-O runtime tables: cannot store handler configurations: {}", e.toString());
        }
    }

    /** Logged once per version of the files: {@link #apply} only runs when they changed. */
    private void refuse(String why) {
        LOG.error("CRI-O configuration refused: {}; the runtime handlers configured before stay in force", why);
        problem = why;
    }

    private void reportClashes() {
        try {
            Set<String> now = new LinkedHashSet<>(HandlerNameClaims.clashes(store.ours(), store.others()));
            now.stream().filter(c -> !clashes.contains(c)).forEach(LOG::warn);
            clashes = now;
        } catch (IOException e) {
            LOG.debug("cannot list handler configurations: {}", e.toString());
        }
    }

    /** The last problem with the CRI-O configuration (refused file or table), or "" when there is none. */
    public String problem() {
        return problem;
    }

    /** {@code orca:crio}: the files read, the handlers made from their tables, and the last problem. */
    public String crio() {
        TablesInForce now = inForce;
        StringBuilder text = new StringBuilder("CRI-O configuration: ").append(files.mainFile()).append(" and ")
                .append(files.dropInDir()).append("/*.conf\n");
        text.append("files in force: ").append(now.files().isEmpty() ? "none" : now.files()).append('\n');
        Map<String, Map<String, Object>> handlers = now.plan().configurations();
        if (handlers.isEmpty()) {
            text.append("no runtime handler from runtime tables\n");
        }
        handlers.forEach((name, properties) -> text.append("handler ").append(name).append(": ")
                .append(properties.get(HandlerConfiguration.RUNTIME_PATH))
                .append(Boolean.TRUE.equals(properties.get(RuntimeHandler.DEFAULT)) ? " (default)" : "")
                .append('\n'));
        clashes.forEach(c -> text.append(c).append('\n'));
        text.append("problem: ").append(problem.isEmpty() ? "none" : problem);
        return text.toString();
    }

    /** The files whose tables are applied, and what they came to. */
    private record TablesInForce(List<Path> files, HandlerPlan plan) {
        static final TablesInForce NONE = new TablesInForce(List.of(), new HandlerPlan(Map.of(), List.of(),
                List.of()));
    }
}
