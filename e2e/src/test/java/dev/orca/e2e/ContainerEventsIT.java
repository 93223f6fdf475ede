package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.client.UnixSocketChannel;
import dev.orca.cri.v1.CgroupDriver;
import dev.orca.cri.v1.ContainerEventResponse;
import dev.orca.cri.v1.ContainerEventType;
import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.ContainerStatus;
import dev.orca.cri.v1.GetEventsRequest;
import dev.orca.cri.v1.LinuxContainerResources;
import dev.orca.cri.v1.ListContainerStatsRequest;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.ListPodSandboxStatsRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RuntimeConfigRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.cri.v1.StreamContainerStatsRequest;
import dev.orca.cri.v1.StreamContainersRequest;
import dev.orca.cri.v1.StreamPodSandboxStatsRequest;
import dev.orca.cri.v1.StreamPodSandboxesRequest;
import dev.orca.cri.v1.UpdatePodSandboxResourcesRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GetContainerEvents as the kubelet's evented PLEG follows it, the Stream* calls against their List calls,
 * RuntimeConfig, and UpdatePodSandboxResources on the pod cgroup of this (hybrid v1) host.
 */
class ContainerEventsIT {

    /** The events a subscriber may have unread before it is dropped; small, so that a test can see the drop. */
    static final int EVENT_BUFFER = 16;
    /** How soon an event must arrive after what caused it. */
    static final Duration PROMPT = Duration.ofSeconds(1);

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static OrcaDaemon orca;
    static CriPods pods;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "events/busybox:1", Map.of("dev.orca.core.endpoint",
                Map.of("event.buffer", Integer.toString(EVENT_BUFFER))));
        orca = node.orca;
        pods = node.pods;
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    /** A followed GetContainerEvents stream: each event with the time it arrived. */
    static final class Follower implements ClientResponseObserver<GetEventsRequest, ContainerEventResponse>,
            AutoCloseable {

        record Arrival(ContainerEventResponse event, long nanos) {
        }

        final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        final AtomicReference<Throwable> ended = new AtomicReference<>();
        private final boolean reads;
        private ClientCallStreamObserver<GetEventsRequest> call;

        Follower(boolean reads) {
            this.reads = reads;
        }

        static Follower on(UnixSocketChannel channel, boolean reads) {
            Follower follower = new Follower(reads);
            RuntimeServiceGrpc.newStub(channel.channel()).getContainerEvents(GetEventsRequest.getDefaultInstance(),
                    follower);
            return follower;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<GetEventsRequest> requestStream) {
            call = requestStream;
            if (!reads) {
                requestStream.disableAutoRequestWithInitial(0);
            }
        }

        /** A follower that did not read begins to. */
        void read() {
            call.request(Integer.MAX_VALUE);
        }

        @Override
        public void onNext(ContainerEventResponse event) {
            arrivals.add(new Arrival(event, System.nanoTime()));
        }

        @Override
        public void onError(Throwable t) {
            ended.set(t);
        }

        @Override
        public void onCompleted() {
            ended.set(new AssertionError("the event stream completed"));
        }

        /** The next event about {@code id}, which must arrive within {@code within} of {@code since}. */
        Arrival next(String id, ContainerEventType type, long since, Duration within) throws InterruptedException {
            long deadline = since + within.toNanos();
            while (true) {
                Arrival arrival = arrivals.poll(Math.max(0, deadline - System.nanoTime()) + 5_000_000L,
                        TimeUnit.NANOSECONDS);
                if (arrival == null) {
                    throw new AssertionError(type + " of " + id + " did not arrive within " + within.toMillis()
                            + " ms; stream ended: " + ended.get());
                }
                if (!arrival.event().getContainerId().equals(id)) {
                    continue;
                }
                assertEquals(type, arrival.event().getContainerEventType(), "the next event of " + id);
                assertTrue(arrival.nanos() - since <= within.toNanos(), type + " of " + id + " arrived after "
                        + (arrival.nanos() - since) / 1_000_000 + " ms");
                return arrival;
            }
        }

        /** No further event about {@code id} arrives in {@code during}. */
        void nothingMore(String id, Duration during) throws InterruptedException {
            long deadline = System.nanoTime() + during.toNanos();
            for (Arrival a = arrivals.poll(during.toMillis(), TimeUnit.MILLISECONDS); a != null;
                    a = arrivals.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                assertFalse(a.event().getContainerId().equals(id), "an unexpected event: " + a.event());
            }
        }

        @Override
        public void close() {
            if (call != null) {
                call.cancel("test done", null);
            }
        }
    }

    @Test
    void eachChangeOfAContainerArrivesWithinASecondInOrderWithItsPodAndStatuses() throws Exception {
        try (UnixSocketChannel channel = new UnixSocketChannel(orca.socket());
                Follower events = Follower.on(channel, true)) {
            Thread.sleep(300); // the subscription is made when the call reaches the daemon
            PodSandboxConfig config = pods.pod("evented", Map.of());
            long t = System.nanoTime();
            String podId = pods.run(config);
            var created = events.next(podId, ContainerEventType.CONTAINER_CREATED_EVENT, t, PROMPT).event();
            assertEquals(PodSandboxState.SANDBOX_READY, created.getPodSandboxStatus().getState());
            events.next(podId, ContainerEventType.CONTAINER_STARTED_EVENT, t, PROMPT);

            t = System.nanoTime();
            String id = pods.create(podId, config, "app", "app.log", "sleep", "60");
            var event = events.next(id, ContainerEventType.CONTAINER_CREATED_EVENT, t, PROMPT).event();
            assertEquals(podId, event.getPodSandboxStatus().getId());
            assertEquals("evented", event.getPodSandboxStatus().getMetadata().getName());
            assertEquals(ContainerState.CONTAINER_CREATED, statusOf(event, id).getState());
            assertTrue(event.getCreatedAt() > 0);

            t = System.nanoTime();
            pods.start(id);
            event = events.next(id, ContainerEventType.CONTAINER_STARTED_EVENT, t, PROMPT).event();
            assertEquals(ContainerState.CONTAINER_RUNNING, statusOf(event, id).getState());
            assertTrue(statusOf(event, id).getStartedAt() > 0);

            orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(0).build());
            t = System.nanoTime();
            event = events.next(id, ContainerEventType.CONTAINER_STOPPED_EVENT, t, PROMPT).event();
            assertEquals(ContainerState.CONTAINER_EXITED, statusOf(event, id).getState());
            assertEquals(137, statusOf(event, id).getExitCode());

            orca.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
            t = System.nanoTime();
            event = events.next(id, ContainerEventType.CONTAINER_DELETED_EVENT, t, PROMPT).event();
            assertTrue(event.getContainersStatusesList().stream().noneMatch(s -> s.getId().equals(id)));
            events.nothingMore(id, Duration.ofMillis(1500));

            orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
            t = System.nanoTime();
            event = events.next(podId, ContainerEventType.CONTAINER_STOPPED_EVENT, t, PROMPT).event();
            assertEquals(PodSandboxState.SANDBOX_NOTREADY, event.getPodSandboxStatus().getState());
            pods.removePod(podId);
            events.next(podId, ContainerEventType.CONTAINER_DELETED_EVENT, t, Duration.ofSeconds(5));
        }
    }

    @Test
    void aContainerThatExitsByItselfIsStoppedOnceWithinASecondWithNobodyAsking() throws Exception {
        try (UnixSocketChannel channel = new UnixSocketChannel(orca.socket());
                Follower events = Follower.on(channel, true)) {
            Thread.sleep(300);
            PodSandboxConfig config = pods.pod("exits", Map.of());
            String podId = pods.run(config);

            // exits at once: the start and the exit are both there when StartContainer looks
            String quick = pods.create(podId, config, "quick", "quick.log", "sh", "-c", "exit 3");
            long t = System.nanoTime();
            pods.start(quick);
            events.next(quick, ContainerEventType.CONTAINER_CREATED_EVENT, t - PROMPT.toNanos(), PROMPT.multipliedBy(2));
            events.next(quick, ContainerEventType.CONTAINER_STARTED_EVENT, t, PROMPT);
            var stopped = events.next(quick, ContainerEventType.CONTAINER_STOPPED_EVENT, t, PROMPT).event();
            assertEquals(3, statusOf(stopped, quick).getExitCode());
            assertEquals("Error", statusOf(stopped, quick).getReason());

            // exits two seconds after its start, while nobody asks about it
            String later = pods.create(podId, config, "later", "later.log", "sh", "-c", "sleep 2; exit 3");
            pods.start(later);
            events.next(later, ContainerEventType.CONTAINER_CREATED_EVENT, t, Duration.ofSeconds(5));
            events.next(later, ContainerEventType.CONTAINER_STARTED_EVENT, t, Duration.ofSeconds(5));
            var arrival = events.next(later, ContainerEventType.CONTAINER_STOPPED_EVENT, System.nanoTime(),
                    Duration.ofSeconds(5));
            ContainerStatus exited = statusOf(arrival.event(), later);
            assertEquals(ContainerState.CONTAINER_EXITED, exited.getState());
            assertEquals(3, exited.getExitCode());
            long arrivedEpochNanos = System.currentTimeMillis() * 1_000_000L
                    - (System.nanoTime() - arrival.nanos());
            long lag = arrivedEpochNanos - exited.getFinishedAt();
            System.out.printf("self exit: CONTAINER_STOPPED_EVENT arrived %d ms after the exit%n", lag / 1_000_000);
            assertTrue(lag < PROMPT.toNanos(), "the exit was published " + lag / 1_000_000 + " ms after it happened");

            events.nothingMore(later, Duration.ofMillis(1500));
            assertEquals(3, pods.status(later).getExitCode());
            events.nothingMore(later, Duration.ofMillis(500));
            pods.removePod(podId);
        }
    }

    @Test
    void theShellFollowsEventsLineByLineUntilItsClientIsInterrupted() throws Exception {
        Process shell = new ProcessBuilder(orca.home().resolve("bin/orca").toString(), "shell", "--shell-socket",
                orca.shellSocket().toString()).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(
                shell.getInputStream(), java.nio.charset.StandardCharsets.UTF_8)).lines().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        shell.getOutputStream().write("orca:events\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        shell.getOutputStream().flush();
        awaitLine(lines, "following container events");
        PodSandboxConfig config = pods.pod("watched", Map.of());
        String podId = pods.run(config);
        String id = pods.create(podId, config, "shown", "shown.log", "sh", "-c", "exit 3");
        pods.start(id);
        String shortId = id.substring(0, 13);
        awaitLine(lines, "CREATED  container " + shortId + " shown in e2e/watched CREATED");
        awaitLine(lines, "STARTED  container " + shortId + " shown in e2e/watched ");
        awaitLine(lines, "STOPPED  container " + shortId + " shown in e2e/watched EXITED(3)");
        shell.destroy(); // as Ctrl-C ends orca shell: its connection closes
        assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
        orca.awaitLog("shell session closed", Duration.ofSeconds(10));
        pods.removePod(podId);
    }

    private static void awaitLine(BlockingQueue<String> lines, String text) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(text)) {
                    return;
                }
            }
        }
        throw new AssertionError("no line with \"" + text + "\" in " + seen);
    }

    @Test
    void aHundredFollowersHalfOfThemNeverReadingDoNotSlowPodCreation() throws Exception {
        int rounds = 8;
        // Large events (each carries the pod's and its containers' annotations) fill the idle streams' HTTP/2
        // windows (1 MiB per stream at the client) within the rounds, so the server sees them fall behind.
        String annotation = "x".repeat(32 * 1024);
        long alone = createPods("alone", rounds, annotation);
        // The idle followers each on a connection of their own, as separate clients would be: on one shared
        // connection, its HTTP/2 window (full of the others' unread events) would hold back the first one's drop.
        List<UnixSocketChannel> idleChannels = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            idleChannels.add(new UnixSocketChannel(orca.socket()));
        }
        try (UnixSocketChannel readersChannel = new UnixSocketChannel(orca.socket())) {
            List<Follower> readers = new ArrayList<>();
            List<Follower> idle = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                readers.add(Follower.on(readersChannel, true));
                idle.add(Follower.on(idleChannels.get(i), false));
            }
            Thread.sleep(500);
            long followed = createPods("followed", rounds, annotation);
            System.out.printf("%d pods (run, create, start, stop, remove): %d ms alone, %d ms with 100 followers"
                    + " (50 never reading)%n", rounds, alone / 1_000_000, followed / 1_000_000);
            assertTrue(followed < alone * 3 + Duration.ofSeconds(2).toNanos(), "pod creation with followers took "
                    + followed / 1_000_000 + " ms, alone " + alone / 1_000_000 + " ms");

            int perRound = 8; // sandbox created, started, stopped, deleted; container created, started, stopped, deleted
            for (Follower reader : readers) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (reader.arrivals.size() < rounds * perRound && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(reader.arrivals.size() >= rounds * perRound, "a reader got " + reader.arrivals.size()
                        + " events; ended: " + reader.ended.get());
                assertNull(reader.ended.get());
            }
            // Whether an idle client is dropped depends on when its HTTP/2 window fills (gRPC's readiness); the
            // bus's drop itself is EventBusTest's. Here: an idle stream ends, if at all, only as a drop.
            for (Follower quiet : idle) {
                Throwable ended = quiet.ended.get();
                if (ended != null) {
                    assertEquals(Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(ended).getCode(),
                            String.valueOf(ended));
                }
            }
            readers.forEach(Follower::close);
            idle.forEach(Follower::close);
        } finally {
            idleChannels.forEach(UnixSocketChannel::close);
        }
    }

    @Test
    void aClientThatNeverReadsIsDroppedWithALogLineAndTheOthersGoOn() throws Exception {
        try (UnixSocketChannel fast = new UnixSocketChannel(orca.socket());
                StalledHttp2Client stalled = StalledHttp2Client.call(orca.socket(),
                        "/runtime.v1.RuntimeService/GetContainerEvents")) {
            Follower reader = Follower.on(fast, true);
            Thread.sleep(300);
            int logged = orca.log().length();
            // 32 events of 33 to 66 KiB: the stalled client's window (64 KiB) and gRPC's queue (32 KiB) fill with
            // the first few, the next EVENT_BUFFER wait on the bus, and the one after drops the client.
            int rounds = 4;
            long took = createPods("unread", rounds, "y".repeat(32 * 1024));
            String dropLine = "dropped: it fell behind: " + EVENT_BUFFER + " events were waiting unread";
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!orca.log().substring(logged).contains(dropLine)) {
                assertTrue(System.nanoTime() < deadline, "no drop was logged:\n" + orca.log().substring(logged));
                Thread.sleep(20);
            }
            while (reader.arrivals.size() < rounds * 8 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(rounds * 8, reader.arrivals.size(), "every event reached the client that reads");
            assertNull(reader.ended.get());
            System.out.printf("%d pods with a stalled events client: %d ms; it was dropped%n", rounds,
                    took / 1_000_000);
            reader.close();
        }
    }

    /** Runs, fills and removes {@code rounds} pods one after another; the time it took. */
    private long createPods(String name, int rounds, String annotation) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            PodSandboxConfig config = pods.pod(name + i, Map.of()).toBuilder().putAnnotations("big", annotation)
                    .build();
            String podId = pods.run(config);
            String id = pods.create(podId, config, pods.container("app", "app.log", "sleep", "60")
                    .putAnnotations("big", annotation));
            pods.start(id);
            pods.removePod(podId);
        }
        return System.nanoTime() - start;
    }

    @Test
    void theStreamCallsAnswerWhatTheListCallsAnswer() throws Exception {
        List<String> podIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PodSandboxConfig config = pods.pod("listed" + i, Map.of());
            String podId = pods.run(config);
            podIds.add(podId);
            for (int c = 0; c < 2; c++) {
                pods.start(pods.create(podId, config, "c" + c, "c" + c + ".log", "sleep", "60"));
            }
        }
        var runtime = orca.runtime();
        List<dev.orca.cri.v1.PodSandbox> streamedPods = new ArrayList<>();
        runtime.streamPodSandboxes(StreamPodSandboxesRequest.getDefaultInstance())
                .forEachRemaining(page -> streamedPods.addAll(page.getPodSandboxesList()));
        assertEquals(sorted(runtime.listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()),
                sorted(streamedPods));
        assertEquals(3, streamedPods.size());

        List<dev.orca.cri.v1.Container> streamedContainers = new ArrayList<>();
        runtime.streamContainers(StreamContainersRequest.getDefaultInstance())
                .forEachRemaining(page -> streamedContainers.addAll(page.getContainersList()));
        assertEquals(sortedContainers(runtime.listContainers(ListContainersRequest.getDefaultInstance())
                .getContainersList()), sortedContainers(streamedContainers));
        assertEquals(6, streamedContainers.size());

        var filter = dev.orca.cri.v1.ContainerFilter.newBuilder().setPodSandboxId(podIds.get(1)).build();
        List<dev.orca.cri.v1.Container> ofOnePod = new ArrayList<>();
        runtime.streamContainers(StreamContainersRequest.newBuilder().setFilter(filter).build())
                .forEachRemaining(page -> ofOnePod.addAll(page.getContainersList()));
        assertEquals(sortedContainers(runtime.listContainers(ListContainersRequest.newBuilder().setFilter(filter)
                .build()).getContainersList()), sortedContainers(ofOnePod));
        assertEquals(2, ofOnePod.size());

        // stats move between two calls: the same containers and pods, in the same shape
        List<String> streamedStats = new ArrayList<>();
        runtime.streamContainerStats(StreamContainerStatsRequest.getDefaultInstance()).forEachRemaining(page ->
                page.getContainerStatsList().forEach(s -> streamedStats.add(s.getAttributes().toString())));
        List<String> listedStats = runtime.listContainerStats(ListContainerStatsRequest.getDefaultInstance())
                .getStatsList().stream().map(s -> s.getAttributes().toString()).toList();
        assertEquals(listedStats.stream().sorted().toList(), streamedStats.stream().sorted().toList());
        assertEquals(6, streamedStats.size());

        List<String> streamedPodStats = new ArrayList<>();
        runtime.streamPodSandboxStats(StreamPodSandboxStatsRequest.getDefaultInstance()).forEachRemaining(page ->
                page.getPodSandboxStatsList().forEach(s -> streamedPodStats.add(s.getAttributes().toString()
                        + s.getLinux().getContainersCount())));
        List<String> listedPodStats = runtime.listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance())
                .getStatsList().stream().map(s -> s.getAttributes().toString() + s.getLinux().getContainersCount())
                .toList();
        assertEquals(listedPodStats.stream().sorted().toList(), streamedPodStats.stream().sorted().toList());
        assertEquals(3, streamedPodStats.size());
        podIds.forEach(pods::removePod);
    }

    private static List<dev.orca.cri.v1.PodSandbox> sorted(List<dev.orca.cri.v1.PodSandbox> list) {
        return list.stream().sorted(Comparator.comparing(dev.orca.cri.v1.PodSandbox::getId)).toList();
    }

    private static List<dev.orca.cri.v1.Container> sortedContainers(List<dev.orca.cri.v1.Container> list) {
        return list.stream().sorted(Comparator.comparing(dev.orca.cri.v1.Container::getId)).toList();
    }

    @Test
    void runtimeConfigAnswersTheCgroupfsDriver() {
        assertEquals(CgroupDriver.CGROUPFS, orca.runtime().runtimeConfig(RuntimeConfigRequest.getDefaultInstance())
                .getLinux().getCgroupDriver());
    }

    @Test
    void updatePodSandboxResourcesWritesTheLimitsAndOverheadToThePodCgroup() throws Exception {
        PodSandboxConfig config = pods.pod("resized", Map.of());
        String podId = pods.run(config);
        String cgroup = CriPods.CGROUP_PARENT.substring(1) + "/pod" + config.getMetadata().getUid();
        orca.runtime().updatePodSandboxResources(UpdatePodSandboxResourcesRequest.newBuilder()
                .setPodSandboxId(podId)
                .setResources(LinuxContainerResources.newBuilder().setCpuShares(512).setCpuPeriod(100_000)
                        .setCpuQuota(50_000).setMemoryLimitInBytes(64L << 20))
                .setOverhead(LinuxContainerResources.newBuilder().setCpuShares(100).setCpuQuota(10_000)
                        .setMemoryLimitInBytes(16L << 20))
                .build());
        assertEquals("612", read("cpu", cgroup, "cpu.shares"));
        assertEquals("100000", read("cpu", cgroup, "cpu.cfs_period_us"));
        assertEquals("60000", read("cpu", cgroup, "cpu.cfs_quota_us"));
        assertEquals(Long.toString(80L << 20), read("memory", cgroup, "memory.limit_in_bytes"));

        var unknown = assertThrows(StatusRuntimeException.class, () -> orca.runtime().updatePodSandboxResources(
                UpdatePodSandboxResourcesRequest.newBuilder().setPodSandboxId("nosuchpod").build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().contains("\"nosuchpod\" not found"),
                unknown.getStatus().getDescription());

        var negative = assertThrows(StatusRuntimeException.class, () -> orca.runtime().updatePodSandboxResources(
                UpdatePodSandboxResourcesRequest.newBuilder().setPodSandboxId(podId)
                        .setOverhead(LinuxContainerResources.newBuilder().setMemoryLimitInBytes(-5)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, negative.getStatus().getCode());
        assertEquals("UpdatePodSandboxResources of pod sandbox " + podId
                + ": overhead.memory_limit_in_bytes is -5, which is negative", negative.getStatus().getDescription());
        assertEquals(Long.toString(80L << 20), read("memory", cgroup, "memory.limit_in_bytes"), "nothing changed");

        orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        var stopped = assertThrows(StatusRuntimeException.class, () -> orca.runtime().updatePodSandboxResources(
                UpdatePodSandboxResourcesRequest.newBuilder().setPodSandboxId(podId)
                        .setResources(LinuxContainerResources.newBuilder().setCpuShares(2)).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, stopped.getStatus().getCode());
        assertTrue(stopped.getStatus().getDescription().contains(podId + " is stopped"),
                stopped.getStatus().getDescription());
        pods.removePod(podId);
    }

    private static String read(String controller, String cgroup, String file) throws Exception {
        return Files.readString(Path.of("/sys/fs/cgroup", controller, cgroup, file)).strip();
    }

    private static ContainerStatus statusOf(ContainerEventResponse event, String id) {
        ContainerStatus status = event.getContainersStatusesList().stream().filter(s -> s.getId().equals(id))
                .findFirst().orElse(null);
        assertNotNull(status, "the event carries the status of " + id + ": " + event);
        return status;
    }
}
