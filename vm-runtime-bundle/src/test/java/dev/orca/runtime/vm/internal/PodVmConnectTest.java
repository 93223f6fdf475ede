package dev.orca.runtime.vm.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.os.ProcessStat;
import dev.orca.spi.SandboxInfo;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodVmConnectTest {

    @TempDir
    Path dir;

    /** A socket file whose server is gone: a connection to it is refused, as before QEMU listens. */
    private static void refusing(Path socket) throws Exception {
        ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket))
                .close();
        assertThrows(ConnectException.class, () -> SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    private PodVm vm(long pid) throws Exception {
        PodDirectory pod = new PodDirectory(Files.createDirectories(dir.resolve("p")));
        long start = ProcessStat.of(Path.of("/proc"), pid).map(ProcessStat::startTicks).orElse(0L);
        VmRecord record = new VmRecord(new SandboxInfo("id", Map.of(), null, null, null, null, ""), "e2e/pod", false,
                pid, start, "tcg", 320, 1, "52:54:00:00:00:01", 0, -1, "", false, 0);
        record.write(pod.record());
        return new PodVm("id", pod, record, null, c -> { });
    }

    @Test
    void aSocketThatListensAMomentAfterItsFileAppearedIsConnected() throws Exception {
        PodVm vm = vm(ProcessHandle.current().pid());
        PodDirectory layout = new PodDirectory(dir.resolve("p"));
        Path agent = layout.agentSocket();
        refusing(agent);
        CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(300);
                Files.delete(agent);
                ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)
                        .bind(UnixDomainSocketAddress.of(agent));
                return server.accept();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        var connection = vm.connectAtBoot();
        assertTrue(connection.isOpen());
        accepted.get(10, TimeUnit.SECONDS).close();
    }

    @Test
    void aRefusalWhileQemuIsGoneIsNotTriedAgain() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        PodVm vm = vm(gone.pid());
        Path agent = new PodDirectory(dir.resolve("p")).agentSocket();
        refusing(agent);
        long started = System.nanoTime();
        assertThrows(ConnectException.class, vm::connectAtBoot);
        assertTrue(System.nanoTime() - started < PodVm.LISTEN_WAIT.toNanos() / 2, "given up at once");
    }
}
