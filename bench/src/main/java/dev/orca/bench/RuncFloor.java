package dev.orca.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor: the same container without Orca — {@code runc run} of a busybox root filesystem whose config
 * {@code runc spec} wrote, running {@code /bin/true} — one after another.
 */
final class RuncFloor {

    private RuncFloor() {
    }

    static void report(Path dir, int runs) throws Exception {
        busyboxRootfs(dir.resolve("rootfs"), "true", "sh", "sleep");
        run(dir, List.of("runc", "spec"));
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"terminal\": true", "\"terminal\": false")
                .replace("\"sh\"", "\"/bin/true\""));
        run(dir, List.of("runc", "run", "--bundle", dir.toString(), "orca-floor-warmup"));
        List<Long> nanos = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            run(dir, List.of("runc", "run", "--bundle", dir.toString(), "orca-floor-" + i));
            nanos.add(System.nanoTime() - start);
        }
        double total = (System.nanoTime() - started) / 1e9;
        System.out.printf("floor, runc run (create, start, wait, delete) sequentially: %d runs in %.2f s;"
                + " p50 %.1f ms, p99 %.1f ms%n", runs, total, LifecycleBench.percentile(nanos, 50),
                LifecycleBench.percentile(nanos, 99));
    }

    /** A root filesystem of Debian's static busybox in {@code rootfs}: {@code bin/busybox} and its applets beside it. */
    static void busyboxRootfs(Path rootfs, String... applets) throws IOException {
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : applets) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
