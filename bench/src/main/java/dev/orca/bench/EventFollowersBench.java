package dev.orca.bench;

import dev.orca.cri.client.UnixSocketChannel;
import dev.orca.cri.v1.ContainerEventResponse;
import dev.orca.cri.v1.GetEventsRequest;
import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.os.FileTrees;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What event followers cost pod creation (issue 16): one node, rounds of pod lifecycles taking turns between no
 * GetContainerEvents stream and 100 of them (50 reading on one connection, 50 that never read, each on a connection
 * of its own, as separate clients would be). Per call p50 and p99 for both, and the daemon's CPU per pod, which does
 * not count what the benchmark's own 100 streams cost the machine.
 */
public final class EventFollowersBench {

    private EventFollowersBench() {
    }

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int podsPerRound = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path work = Files.createTempDirectory("orca-events-bench");
        try (TestRegistry registry = TestRegistry.plain();
                BenchNode node = new BenchNode(distribution, Files.createDirectories(work.resolve("node")),
                        registry.host(), List.of(), BenchNetwork.deployFiles(work.resolve("node"), 0))) {
            PushedImage busybox = TestImages.singleLayer(registry, "bench/busybox:1");
            ImageServiceGrpc.newBlockingStub(node.channel().channel()).pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage(busybox.reference())).build());
            var runtime = RuntimeServiceGrpc.newBlockingStub(node.channel().channel());
            LifecycleBench.awaitHandler(runtime);
            new LifecycleBench(runtime, busybox.reference(), work.resolve("logs")).report("warm-up", 5, 1);
            try (Followers warmUp = Followers.open(node.socket(), 100)) {
                new LifecycleBench(runtime, busybox.reference(), work.resolve("logs")).run(3);
            }
            System.out.printf("event followers: %d rounds of %d pods, taking turns between no follower and 100"
                    + " (50 never reading)%n", rounds, podsPerRound);
            LifecycleBench alone = new LifecycleBench(runtime, busybox.reference(), work.resolve("logs"));
            LifecycleBench followed = new LifecycleBench(runtime, busybox.reference(), work.resolve("logs"));
            double aloneCpu = 0;
            double followedCpu = 0;
            long aloneNanos = 0;
            long followedNanos = 0;
            long delivered = 0;
            for (int round = 0; round < rounds; round++) {
                double cpu = node.cpuMillis();
                long t = System.nanoTime();
                alone.run(podsPerRound);
                aloneNanos += System.nanoTime() - t;
                aloneCpu += node.cpuMillis() - cpu;
                try (Followers followers = Followers.open(node.socket(), 100)) {
                    Thread.sleep(300);
                    cpu = node.cpuMillis();
                    t = System.nanoTime();
                    followed.run(podsPerRound);
                    followedNanos += System.nanoTime() - t;
                    followedCpu += node.cpuMillis() - cpu;
                    Thread.sleep(300);
                    delivered += followers.received();
                }
            }
            int pods = rounds * podsPerRound;
            alone.print("no follower (" + pods + " pods)");
            followed.print("100 followers, 50 never reading (" + pods + " pods)");
            System.out.printf("  per pod lifecycle: %.1f ms alone, %.1f ms followed; daemon CPU %.1f ms alone, %.1f"
                    + " ms followed; events delivered to the 50 readers: %d (%.1f per pod per reader)%n",
                    aloneNanos / 1e6 / pods, followedNanos / 1e6 / pods, aloneCpu / pods, followedCpu / pods,
                    delivered, delivered / 50.0 / pods);
        } finally {
            FileTrees.delete(work);
            LifecycleBench.removeCgroupParent("orca-bench");
            BenchNetwork.remove(0);
        }
    }

    /** {@code count} GetContainerEvents streams, half reading on one shared connection, half never reading. */
    private static final class Followers implements AutoCloseable {
        private final List<UnixSocketChannel> channels = new ArrayList<>();
        private final List<ClientCallStreamObserver<GetEventsRequest>> calls = new ArrayList<>();
        private final AtomicLong received = new AtomicLong();

        static Followers open(Path socket, int count) throws Exception {
            Followers followers = new Followers();
            UnixSocketChannel readers = new UnixSocketChannel(socket);
            followers.channels.add(readers);
            for (int i = 0; i < count / 2; i++) {
                followers.follow(readers, true);
                UnixSocketChannel idle = new UnixSocketChannel(socket);
                followers.channels.add(idle);
                followers.follow(idle, false);
            }
            return followers;
        }

        private void follow(UnixSocketChannel channel, boolean reads) {
            RuntimeServiceGrpc.newStub(channel.channel()).getContainerEvents(GetEventsRequest.getDefaultInstance(),
                    new ClientResponseObserver<GetEventsRequest, ContainerEventResponse>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<GetEventsRequest> call) {
                            calls.add(call);
                            if (!reads) {
                                call.disableAutoRequestWithInitial(0);
                            }
                        }

                        @Override
                        public void onNext(ContainerEventResponse event) {
                            received.incrementAndGet();
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
        }

        long received() {
            return received.get();
        }

        @Override
        public void close() {
            calls.forEach(c -> c.cancel("benchmark round over", null));
            channels.forEach(UnixSocketChannel::close);
        }
    }
}
