package dev.orca.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.os.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtimes' own floor for a CRI container: {@code RUNTIME create} then {@code RUNTIME start} of the spec
 * Orca writes for critest's benchmark container ({@code critest-container-spec.json}, taken from the bundle of such
 * a container), on a busybox root filesystem, each in fresh namespaces and a cgroup of its own; the container is then
 * killed and deleted, untimed. The container runs {@code sleep} where critest's runs {@code top}. The runtimes take
 * turns, one container each, after one warm-up container each. What CreateContainer and StartContainer cost beyond
 * these two commands is the daemon's.
 *
 * <p>Arguments: containers per runtime (20), then the runtimes ({@code runc crun}).
 */
public final class RuntimeFloorBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuntimeFloorBench() {
    }

    /** One runtime's timings, in ms. */
    private record Samples(List<Double> create, List<Double> start) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> runtimes = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("runc", "crun");
        Path work = Files.createTempDirectory("orca-runtime-floor");
        try {
            Path bundle = prepare(work);
            Map<String, Samples> samples = new LinkedHashMap<>();
            for (String runtime : runtimes) {
                samples.put(runtime, new Samples(new ArrayList<>(), new ArrayList<>()));
                once(runtime, work, bundle, "warmup-" + runtime, null);
            }
            for (int i = 0; i < runs; i++) {
                for (String runtime : runtimes) {
                    once(runtime, work, bundle, runtime + "-" + i, samples.get(runtime));
                }
            }
            System.out.printf("runtime floor: %d containers per runtime, taking turns; medians, ms "
                    + "(load average at the end %s)%n", runs, CompareBench.loadAverage());
            samples.forEach((runtime, s) -> System.out.printf("  %-6s create %6.1f  start %6.1f  create+start %6.1f%n",
                    runtime, median(s.create()), median(s.start()), median(sums(s))));
        } finally {
            removeCgroup("orca-floor");
            FileTrees.delete(work);
        }
    }

    /** The bundle: busybox as root filesystem, the sandbox's bind sources as scratch files. */
    private static Path prepare(Path work) throws IOException, InterruptedException {
        Path bundle = Files.createDirectories(work.resolve("bundle"));
        Path rootfs = bundle.resolve("rootfs");
        RuncFloor.busyboxRootfs(rootfs, "sh", "top", "sleep");
        for (String dir : List.of("etc", "proc", "sys", "dev")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Path sandbox = Files.createDirectories(work.resolve("sandbox"));
        Files.createDirectories(sandbox.resolve("shm"));
        for (String file : List.of("hosts", "resolv.conf", "hostname")) {
            Files.writeString(sandbox.resolve(file), "");
            Files.writeString(rootfs.resolve("etc").resolve(file), "");
        }
        String spec;
        try (InputStream in = RuntimeFloorBench.class.getResourceAsStream("critest-container-spec.json")) {
            spec = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(work.resolve("spec.json"), spec.replace("SANDBOX/", sandbox + "/"));
        return bundle;
    }

    private static void once(String runtime, Path work, Path bundle, String id, Samples into)
            throws IOException, InterruptedException {
        ObjectNode spec = (ObjectNode) JSON.readTree(work.resolve("spec.json").toFile());
        ((ObjectNode) spec.get("linux")).put("cgroupsPath", "/orca-floor/" + id);
        // critest runs top; a sleep keeps running without a terminal, and the runtime's work is the same
        ((ObjectNode) spec.get("process")).putArray("args").add("sleep").add("60");
        JSON.writeValue(bundle.resolve("config.json").toFile(), spec);
        List<String> base = List.of(runtime, "--root", work.resolve("state-" + runtime).toString());
        long t0 = System.nanoTime();
        run(concat(base, "create", "--bundle", bundle.toString(), id));
        long t1 = System.nanoTime();
        run(concat(base, "start", id));
        long t2 = System.nanoTime();
        run(concat(base, "delete", "--force", id));
        removeCgroup("orca-floor/" + id);
        if (into != null) {
            into.create().add((t1 - t0) / 1e6);
            into.start().add((t2 - t1) / 1e6);
        }
    }

    /** The cgroup {@code path} in every hierarchy, where it is there and empty. */
    private static void removeCgroup(String path) throws IOException {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                try {
                    Files.deleteIfExists(hierarchy.resolve(path));
                } catch (IOException busy) {
                    // a process is still in it, or the hierarchy is not a cgroup one: left as it is
                }
            }
        }
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    /** Output to a file: a created container keeps the create command's stdout and stderr open. */
    private static void run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("orca-runtime-floor", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(output.toFile()).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static List<Double> sums(Samples s) {
        List<Double> sums = new ArrayList<>();
        for (int i = 0; i < s.create().size(); i++) {
            sums.add(s.create().get(i) + s.start().get(i));
        }
        return sums;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
