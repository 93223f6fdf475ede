package dev.orca.testkit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * How much a fuzz property runs, and what counts as a hang. Put on a class of properties with
 * {@code @AddLifecycleHook(FuzzBudget.class)}; each property's {@code tries} is what the normal build runs.
 *
 * <ul>
 *   <li>The seed is fixed, made from the property's name, so the build is repeatable; {@code -Dorca.fuzz.seed=random}
 *       lets jqwik draw one (it prints it with every report, to replay a failure).</li>
 *   <li>{@code -Dorca.fuzz.scale=N} multiplies every property's tries: the long run.</li>
 *   <li>Each try runs on a worker thread and fails as a hang when it takes longer than {@code orca.fuzz.hang.seconds}
 *       (10): jqwik has no timeout of its own, and a parser that loops forever must show as a falsified sample.</li>
 *   <li>With {@code -Dorca.fuzz.figures=FILE}, one tab-separated line per property is appended to FILE: property,
 *       tries, checks, seconds, status, seed, and the growth of the process's open descriptors and live threads
 *       across the property (a leak shows there).</li>
 * </ul>
 */
public final class FuzzBudget implements AroundPropertyHook, AroundTryHook {

    public static final String SCALE = "orca.fuzz.scale";
    public static final String SEED = "orca.fuzz.seed";
    public static final String FIGURES = "orca.fuzz.figures";
    public static final String HANG_SECONDS = "orca.fuzz.hang.seconds";

    private ExecutorService worker = newWorker();

    /** Put on a class, it applies to every property in it (and in its nested classes). */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyAttributes attributes = context.attributes();
        int tries = attributes.tries().orElse(1000);
        attributes.setTries((int) Math.min(Integer.MAX_VALUE, (long) tries * scale()));
        String seed = System.getProperty(SEED, "");
        if (attributes.seed().isEmpty() && !seed.equals("random")) {
            attributes.setSeed(seed.isEmpty() ? Long.toString(fixedSeed(context.extendedLabel())) : seed);
        }
        long descriptors = openDescriptors();
        int threads = Thread.activeCount();
        long started = System.nanoTime();
        PropertyExecutionResult result;
        try {
            result = property.execute();
        } finally {
            worker.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        try {
            worker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        record(context, result, took, openDescriptors() - descriptors, Thread.activeCount() - threads);
        return result;
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters)
            throws Throwable {
        if (worker.isShutdown()) {
            worker = newWorker();
        }
        Future<TryExecutionResult> result = worker.submit(() -> aTry.execute(parameters));
        long seconds = Long.getLong(HANG_SECONDS, 10);
        try {
            return result.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            worker.shutdownNow(); // the hung thread is left behind; the next try gets a new one
            return TryExecutionResult.falsified(new AssertionError("hang: the try took more than " + seconds
                    + " s with " + parameters));
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** Runs as close to the try as possible, so that the worker thread runs the property method alone. */
    @Override
    public int aroundTryProximity() {
        return 100;
    }

    static int scale() {
        return Math.max(1, Integer.getInteger(SCALE, 1));
    }

    /** A seed that depends on the property's name only: the same inputs on every machine and every run. */
    static long fixedSeed(String property) {
        long seed = 1125899906842597L;
        for (byte b : property.getBytes(StandardCharsets.UTF_8)) {
            seed = 31 * seed + b;
        }
        return seed & Long.MAX_VALUE;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-try");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void record(PropertyLifecycleContext context, PropertyExecutionResult result, Duration took,
            long descriptorGrowth, int threadGrowth) {
        String file = System.getProperty(FIGURES, "");
        if (file.isEmpty()) {
            return;
        }
        String line = String.join("\t", context.containerClass().getSimpleName() + "." + context.targetMethod().getName(),
                Integer.toString(result.countTries()), Integer.toString(result.countChecks()),
                String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0), result.status().name(),
                result.seed().orElse(""), Long.toString(descriptorGrowth), Integer.toString(threadGrowth)) + "\n";
        try {
            Files.writeString(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
