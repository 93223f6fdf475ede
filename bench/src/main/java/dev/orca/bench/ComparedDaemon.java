package dev.orca.bench;

import dev.orca.cri.client.UnixSocketChannel;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.os.FileTrees;
import dev.orca.testkit.MountTable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A CRI daemon in a side-by-side benchmark: started as a process of its own with every file under one work folder,
 * timed until it can run a pod, measured, killed, and cleaned up after — its pods, mounts, stray processes and work
 * folder — whatever state a failure left it in.
 */
abstract class ComparedDaemon implements AutoCloseable {

    /** What a start took, from the spawn: until Status reported RuntimeReady and NetworkReady, until a pod ran. */
    record Startup(double readyMillis, double podMillis) {
    }

    private final String name;
    final Path work;
    private Process process;
    private UnixSocketChannel channel;
    private boolean cleaned;

    ComparedDaemon(String name, Path work) throws IOException {
        this.name = name;
        this.work = Files.createDirectories(work);
    }

    String name() {
        return name;
    }

    abstract List<String> command();

    abstract Path socket();

    Map<String, String> environment() {
        return Map.of();
    }

    /** The OCI runtime roots the daemon's containers are kept in, each with the runtime binary that reads it. */
    abstract Map<Path, String> runtimeRoots();

    /** What is left once the processes and mounts under the work folder are gone: bridges, say. */
    abstract void removeOutsideWork() throws IOException, InterruptedException;

    /** Pod lifecycles on this daemon (its channel of the moment) with critest's busybox. */
    LifecycleBench lifecycle() {
        return new LifecycleBench(runtime(), CritestBenchmark.BUSYBOX, work.resolve("logs"));
    }

    RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return RuntimeServiceGrpc.newBlockingStub(channel.channel());
    }

    dev.orca.cri.v1.ImageServiceGrpc.ImageServiceBlockingStub images() {
        return dev.orca.cri.v1.ImageServiceGrpc.newBlockingStub(channel.channel());
    }

    /**
     * Starts the daemon and times it: ready is Status reporting RuntimeReady and NetworkReady with {@code pods} pod
     * sandboxes listed ready (the ones a restart must recover), then a pod sandbox is run (and removed, untimed).
     */
    Startup start(int pods) throws Exception {
        long spawned = startUntilReady(pods);
        double readyMillis = (System.nanoTime() - spawned) / 1e6;
        String pod = lifecycle().emptyPod();
        double podMillis = (System.nanoTime() - spawned) / 1e6;
        lifecycle().removePods(List.of(pod));
        return new Startup(readyMillis, podMillis);
    }

    /**
     * Starts the daemon and waits until Status reports RuntimeReady and NetworkReady with {@code pods} pod sandboxes
     * listed ready; returns when it was spawned ({@link System#nanoTime}).
     */
    long startUntilReady(int pods) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()));
        builder.environment().putAll(environment());
        Files.deleteIfExists(socket());
        long spawned = System.nanoTime();
        process = builder.start();
        channel = awaitSocket();
        while (!ready(pods)) {
            alive();
            Thread.sleep(5);
        }
        return spawned;
    }

    private UnixSocketChannel awaitSocket() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            alive();
            if (Files.exists(socket())) {
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.connect(UnixDomainSocketAddress.of(socket()));
                    return new UnixSocketChannel(socket());
                } catch (IOException notYet) {
                    // the file is there before the listener: try again
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(name + " did not open " + socket() + " within 120 s");
    }

    private boolean ready(int pods) {
        try {
            var conditions = runtime().withDeadlineAfter(2, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance())
                    .getStatus().getConditionsList();
            boolean runtimeReady = conditions.stream().anyMatch(c -> c.getType().equals("RuntimeReady") && c.getStatus());
            boolean networkReady = conditions.stream().anyMatch(c -> c.getType().equals("NetworkReady") && c.getStatus());
            return runtimeReady && networkReady && (pods == 0 || readyPods().size() >= pods);
        } catch (io.grpc.StatusRuntimeException notYet) {
            return false;
        }
    }

    private List<String> readyPods() {
        return runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .filter(p -> p.getState() == PodSandboxState.SANDBOX_READY).map(p -> p.getId()).toList();
    }

    private void alive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see "
                    + work.resolve(name + ".log"));
        }
    }

    /** The daemon's resident set (VmRSS), in MiB; its helper processes (shims, monitors) are not counted. */
    double rssMib() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst().orElseThrow() / 1024.0;
    }

    /** SIGKILL, as a crash would: pods and their helper processes stay. */
    void kill9() throws InterruptedException {
        closeChannel();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Removes every pod (so every container) over the CRI, then stops the daemon with SIGTERM. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            closeChannel();
            return;
        }
        try {
            if (channel != null) {
                for (var pod : runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
                    runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(pod.getId()).build());
                    runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod.getId())
                            .build());
                }
            }
        } catch (RuntimeException e) {
            System.err.println(name + ": pods not removed over the CRI (" + e + "); cleaning up by hand");
        } finally {
            closeChannel();
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void closeChannel() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Stops the daemon and removes all it left: idempotent, safe from a shutdown hook. */
    @Override
    public synchronized void close() throws Exception {
        if (cleaned) {
            return;
        }
        cleaned = true;
        try {
            stop();
        } finally {
            for (var root : runtimeRoots().entrySet()) {
                Leftovers.deleteContainers(root.getValue(), root.getKey());
            }
            Leftovers.killProcessesNaming(work);
            try {
                MountTable.unmountUnder(work);
            } catch (IOException e) {
                System.err.println("cleaning up " + work + ": " + e.getMessage());
            }
            FileTrees.delete(work);
            removeOutsideWork();
        }
    }

    /** Finds what a daemon left under its work folder when it could not clean up itself. */
    static final class Leftovers {

        private Leftovers() {
        }

        /** Every container {@code runtime} still holds in {@code root} (a folder per container), deleted with force. */
        static void deleteContainers(String runtime, Path root) throws IOException, InterruptedException {
            if (!Files.isDirectory(root)) {
                return;
            }
            List<Path> containers;
            try (var entries = Files.list(root)) {
                containers = entries.filter(Files::isDirectory).toList();
            }
            for (Path container : containers) {
                new ProcessBuilder(runtime, "--root", root.toString(), "delete", "--force",
                        container.getFileName().toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            }
        }

        /** Processes whose command line names {@code work} (shims, monitors), killed. */
        static void killProcessesNaming(Path work) {
            long self = ProcessHandle.current().pid();
            ProcessHandle.allProcesses().filter(p -> p.pid() != self)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(work.toString())).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }
}
