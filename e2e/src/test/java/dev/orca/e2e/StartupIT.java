package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.cri.v1.PodSandboxStatus;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet asks for a pod the moment the runtime's socket answers, while the plug-in bundles (the runc handler
 * from its deploy/ configuration, the image store, the CNI network) are still starting: the daemon waits for what
 * the pod needs and makes it, instead of answering "no default runtime handler is deployed; available: none".
 */
class StartupIT {

    @TempDir
    Path dir;

    @Test
    void aPodAskedForTheMomentTheSocketAnswersIsMadeWithItsNetwork() throws Exception {
        try (OrcaDaemon orca = new OrcaDaemon(dir.resolve("node"))) {
            CriPods pods = new CriPods(orca, "unused", dir.resolve("logs"));
            PodSandboxConfig config = pods.pod("early", Map.of());
            long launched = System.nanoTime();
            orca.launch(List.of());
            awaitConnectable(orca);
            long answering = System.nanoTime();

            String id = orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
                    .getPodSandboxId();

            long made = System.nanoTime();
            System.out.printf("socket answered %d ms after the launch; the pod was made %d ms after that%n",
                    (answering - launched) / 1_000_000, (made - answering) / 1_000_000);
            orca.log().lines().filter(l -> l.contains("serving the CRI") || l.contains("deployed")
                    || l.contains("node is ready") || l.contains("start-up") || l.contains("RunPodSandbox")
                    || l.contains("is sandbox")).forEach(System.out::println);
            PodSandboxStatus status = orca.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                    .setPodSandboxId(id).build()).getStatus();
            assertEquals(PodSandboxState.SANDBOX_READY, status.getState());
            assertFalse(status.getNetwork().getIp().isEmpty(), "the pod is on the network: " + status);
            orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
            orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        }
    }

    /** Spins until a client can connect to the socket: the first moment the kubelet could call. */
    private static void awaitConnectable(OrcaDaemon orca) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(orca.socket());
        while (true) {
            if (!orca.process().isAlive()) {
                throw new AssertionError("orca exited with " + orca.process().exitValue() + ":\n" + orca.log());
            }
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(address);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the socket never answered:\n" + orca.log());
                }
                Thread.onSpinWait();
            }
        }
    }
}
