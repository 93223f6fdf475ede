package dev.orca.core.internal.cri;

import dev.orca.core.internal.events.Lifecycle;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodLocks;
import dev.orca.core.internal.spec.SpecGenerator;
import dev.orca.cri.v1.ContainerStatusRequest;
import dev.orca.cri.v1.ContainerStatusResponse;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.cri.v1.CreateContainerResponse;
import dev.orca.cri.v1.ExecSyncRequest;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.ListContainersResponse;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.ListPodSandboxResponse;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.PodSandboxStatusResponse;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RemoveContainerResponse;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RemovePodSandboxResponse;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxResponse;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StartContainerResponse;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopContainerResponse;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.cri.v1.StopPodSandboxResponse;
import dev.orca.spi.ImageStore;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StatusResponse;
import dev.orca.cri.v1.VersionRequest;
import dev.orca.cri.v1.VersionResponse;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC face of the CRI RuntimeService: each call is handed to its own small class. Calls not overridden here
 * answer UNIMPLEMENTED naming the method, as the generated base class does.
 */
public final class RuntimeServiceCalls extends RuntimeServiceGrpc.RuntimeServiceImplBase {

    private final VersionCall version;
    private final StatusCall status;
    private final ContainerCalls containers;
    private final PodCalls pods;
    private final StatsCalls stats;
    private final PodMetricsCalls metrics;
    private final StreamCalls streams;

    private final PodNetworking networking;
    private final ContainerEvents events;

    /**
     * @param lifecycle where the calls report what they change, for GetContainerEvents
     * @param senders runs the sending of GetContainerEvents streams
     * @param background runs the network checks that verbose pod statuses ask for
     * @param work runs what a call does beside its own thread (a pod's network teardown while its containers are
     *     stopped); it must not run out of threads
     */
    public RuntimeServiceCalls(String orcaVersion, RuntimeHandlerRegistry handlers, NodeState state,
            Supplier<ImageStore> images, SpecGenerator specs, NodeParts parts,
            Supplier<dev.orca.spi.streaming.StreamingServer> streaming,
            Supplier<dev.orca.spi.policy.ImagePolicy> policy, Lifecycle lifecycle, Executor senders,
            CoreMetrics metrics, java.util.concurrent.ScheduledExecutorService background, Executor work) {
        this.version = new VersionCall(orcaVersion);
        this.status = new StatusCall(handlers, parts, specs::profileSupport, policy);
        PodLocks locks = new PodLocks();
        this.containers = new ContainerCalls(handlers, state, images, specs, lifecycle, metrics, locks);
        this.networking = new PodNetworking(parts.network(), parts.awaitedNetwork());
        NetworkChecks checks = new NetworkChecks(networking, state::pod, locks, background,
                java.time.Clock.systemUTC(), NetworkChecks.DELAY);
        this.pods = new PodCalls(handlers, state, containers, networking, lifecycle, parts.startup(), locks,
                checks, work);
        this.stats = new StatsCalls(handlers, state, images);
        this.metrics = new PodMetricsCalls(state, stats);
        this.streams = new StreamCalls(handlers, containers, pods, streaming);
        this.events = new ContainerEvents(lifecycle.bus(), containers, senders);
    }

    /**
     * Removes pods and containers that interrupted RunPodSandbox and CreateContainer calls left half-made; run now and
     * then by the endpoint.
     */
    public int recoverPods() {
        return pods.recover();
    }

    /**
     * Records and publishes the exits of containers and the ends of sandboxes that happened while nobody asked; run
     * every {@code EXIT_WATCH} by the endpoint.
     */
    public void noticeExits() {
        containers.noticeExits();
        pods.noticeEnded();
    }

    @Override
    public void getContainerEvents(dev.orca.cri.v1.GetEventsRequest request,
            StreamObserver<dev.orca.cri.v1.ContainerEventResponse> response) {
        events.follow(response);
    }

    @Override
    public void streamPodSandboxes(dev.orca.cri.v1.StreamPodSandboxesRequest request,
            StreamObserver<dev.orca.cri.v1.StreamPodSandboxesResponse> response) {
        Pages.send(response, () -> pods.list(ListPodSandboxRequest.newBuilder().setFilter(request.getFilter())
                .build()), page -> dev.orca.cri.v1.StreamPodSandboxesResponse.newBuilder().addAllPodSandboxes(page)
                .build());
    }

    @Override
    public void streamContainers(dev.orca.cri.v1.StreamContainersRequest request,
            StreamObserver<dev.orca.cri.v1.StreamContainersResponse> response) {
        Pages.send(response, () -> containers.list(request.getFilter()),
                page -> dev.orca.cri.v1.StreamContainersResponse.newBuilder().addAllContainers(page).build());
    }

    @Override
    public void streamContainerStats(dev.orca.cri.v1.StreamContainerStatsRequest request,
            StreamObserver<dev.orca.cri.v1.StreamContainerStatsResponse> response) {
        Pages.send(response, () -> stats.containers(request.getFilter()),
                page -> dev.orca.cri.v1.StreamContainerStatsResponse.newBuilder().addAllContainerStats(page).build());
    }

    @Override
    public void streamPodSandboxStats(dev.orca.cri.v1.StreamPodSandboxStatsRequest request,
            StreamObserver<dev.orca.cri.v1.StreamPodSandboxStatsResponse> response) {
        Pages.send(response, () -> stats.pods(request.getFilter()),
                page -> dev.orca.cri.v1.StreamPodSandboxStatsResponse.newBuilder().addAllPodSandboxStats(page).build());
    }

    /** The cgroup driver: cgroupfs, the only one the handlers use (they write cgroup files themselves). */
    @Override
    public void runtimeConfig(dev.orca.cri.v1.RuntimeConfigRequest request,
            StreamObserver<dev.orca.cri.v1.RuntimeConfigResponse> response) {
        Unary.answer(response, () -> dev.orca.cri.v1.RuntimeConfigResponse.newBuilder()
                .setLinux(dev.orca.cri.v1.LinuxRuntimeConfiguration.newBuilder()
                        .setCgroupDriver(dev.orca.cri.v1.CgroupDriver.CGROUPFS)).build());
    }

    @Override
    public void updatePodSandboxResources(dev.orca.cri.v1.UpdatePodSandboxResourcesRequest request,
            StreamObserver<dev.orca.cri.v1.UpdatePodSandboxResourcesResponse> response) {
        Unary.answer(response, () -> {
            pods.updateResources(request);
            return dev.orca.cri.v1.UpdatePodSandboxResourcesResponse.getDefaultInstance();
        });
    }

    @Override
    public void containerStats(dev.orca.cri.v1.ContainerStatsRequest request,
            StreamObserver<dev.orca.cri.v1.ContainerStatsResponse> response) {
        Unary.answer(response, () -> dev.orca.cri.v1.ContainerStatsResponse.newBuilder()
                .setStats(stats.container(containers.find(request.getContainerId()))).build());
    }

    @Override
    public void listContainerStats(dev.orca.cri.v1.ListContainerStatsRequest request,
            StreamObserver<dev.orca.cri.v1.ListContainerStatsResponse> response) {
        Unary.answer(response, () -> dev.orca.cri.v1.ListContainerStatsResponse.newBuilder()
                .addAllStats(stats.containers(request.getFilter())).build());
    }

    @Override
    public void podSandboxStats(dev.orca.cri.v1.PodSandboxStatsRequest request,
            StreamObserver<dev.orca.cri.v1.PodSandboxStatsResponse> response) {
        Unary.answer(response, () -> dev.orca.cri.v1.PodSandboxStatsResponse.newBuilder()
                .setStats(stats.pod(pods.find(request.getPodSandboxId()))).build());
    }

    @Override
    public void listPodSandboxStats(dev.orca.cri.v1.ListPodSandboxStatsRequest request,
            StreamObserver<dev.orca.cri.v1.ListPodSandboxStatsResponse> response) {
        Unary.answer(response, () -> dev.orca.cri.v1.ListPodSandboxStatsResponse.newBuilder()
                .addAllStats(stats.pods(request.getFilter())).build());
    }

    @Override
    public void listMetricDescriptors(dev.orca.cri.v1.ListMetricDescriptorsRequest request,
            StreamObserver<dev.orca.cri.v1.ListMetricDescriptorsResponse> response) {
        Unary.answer(response, () -> dev.orca.cri.v1.ListMetricDescriptorsResponse.newBuilder()
                .addAllDescriptors(CadvisorMetric.descriptors()).build());
    }

    @Override
    public void listPodSandboxMetrics(dev.orca.cri.v1.ListPodSandboxMetricsRequest request,
            StreamObserver<dev.orca.cri.v1.ListPodSandboxMetricsResponse> response) {
        Unary.answer(response, () -> dev.orca.cri.v1.ListPodSandboxMetricsResponse.newBuilder()
                .addAllPodMetrics(metrics.list()).build());
    }

    @Override
    public void streamPodSandboxMetrics(dev.orca.cri.v1.StreamPodSandboxMetricsRequest request,
            StreamObserver<dev.orca.cri.v1.StreamPodSandboxMetricsResponse> response) {
        Pages.send(response, metrics::list, page -> dev.orca.cri.v1.StreamPodSandboxMetricsResponse.newBuilder()
                .addAllPodSandboxMetrics(page).build());
    }

    @Override
    public void updateContainerResources(dev.orca.cri.v1.UpdateContainerResourcesRequest request,
            StreamObserver<dev.orca.cri.v1.UpdateContainerResourcesResponse> response) {
        Unary.answer(response, () -> {
            containers.updateResources(request.getContainerId(), request.getLinux());
            return dev.orca.cri.v1.UpdateContainerResourcesResponse.getDefaultInstance();
        });
    }

    @Override
    public void reopenContainerLog(dev.orca.cri.v1.ReopenContainerLogRequest request,
            StreamObserver<dev.orca.cri.v1.ReopenContainerLogResponse> response) {
        Unary.answer(response, () -> {
            containers.reopenLog(request.getContainerId());
            return dev.orca.cri.v1.ReopenContainerLogResponse.getDefaultInstance();
        });
    }

    @Override
    public void updateRuntimeConfig(dev.orca.cri.v1.UpdateRuntimeConfigRequest request,
            StreamObserver<dev.orca.cri.v1.UpdateRuntimeConfigResponse> response) {
        Unary.answer(response, () -> {
            networking.podCidr(request.getRuntimeConfig().getNetworkConfig().getPodCidr());
            return dev.orca.cri.v1.UpdateRuntimeConfigResponse.getDefaultInstance();
        });
    }

    @Override
    public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> response) {
        Unary.answer(response, () -> RunPodSandboxResponse.newBuilder().setPodSandboxId(pods.run(request)).build());
    }

    @Override
    public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> response) {
        Unary.answer(response, () -> {
            pods.stop(request.getPodSandboxId());
            return StopPodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> response) {
        Unary.answer(response, () -> {
            pods.remove(request.getPodSandboxId());
            return RemovePodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> response) {
        Unary.answer(response, () -> pods.status(request.getPodSandboxId(), request.getVerbose()));
    }

    @Override
    public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> response) {
        Unary.answer(response, () -> ListPodSandboxResponse.newBuilder().addAllItems(pods.list(request)).build());
    }

    @Override
    public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> response) {
        Unary.answer(response, () -> CreateContainerResponse.newBuilder()
                .setContainerId(containers.create(request, pods.find(request.getPodSandboxId()))).build());
    }

    @Override
    public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> response) {
        Unary.answer(response, () -> {
            containers.start(request.getContainerId());
            return StartContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> response) {
        Unary.answer(response, () -> {
            containers.stop(containers.find(request.getContainerId()).id(), request.getTimeout());
            return StopContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> response) {
        Unary.answer(response, () -> {
            containers.remove(request.getContainerId());
            return RemoveContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> response) {
        Unary.answer(response, () -> containers.status(request.getContainerId(), request.getVerbose()));
    }

    @Override
    public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> response) {
        Unary.answer(response, () -> ListContainersResponse.newBuilder()
                .addAllContainers(containers.list(request.getFilter())).build());
    }

    /**
     * ExecSync, the only way it is served ({@link #served()}): the reply written a chunk at a time
     * ({@link ExecSyncWire}), closed once gRPC has it. The generated {@code execSync} is not overridden.
     */
    private void serveExecSync(ExecSyncRequest request, StreamObserver<ExecSyncReply> response) {
        Unary.stream(response, () -> {
            try (ExecSyncReply reply = containers.execSync(request.getContainerId(), request.getCmdList(),
                    request.getTimeout())) {
                response.onNext(reply);
            }
        });
    }

    /** The service the endpoint serves: this one, with ExecSync's reply written by {@link ExecSyncWire}. */
    public io.grpc.ServerServiceDefinition served() {
        return ExecSyncWire.withExecSync(bindService(), this::serveExecSync);
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
        Unary.answer(response, () -> version.answer(request));
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
        Unary.answer(response, () -> status.answer(request));
    }

    @Override
    public void exec(dev.orca.cri.v1.ExecRequest request, StreamObserver<dev.orca.cri.v1.ExecResponse> response) {
        Unary.answer(response, () -> streams.exec(request));
    }

    @Override
    public void attach(dev.orca.cri.v1.AttachRequest request,
            StreamObserver<dev.orca.cri.v1.AttachResponse> response) {
        Unary.answer(response, () -> streams.attach(request));
    }

    @Override
    public void portForward(dev.orca.cri.v1.PortForwardRequest request,
            StreamObserver<dev.orca.cri.v1.PortForwardResponse> response) {
        Unary.answer(response, () -> streams.portForward(request));
    }
}
