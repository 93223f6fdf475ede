package dev.orca.runtime.vm.internal;

import dev.orca.os.ProcessStat;
import dev.orca.os.Waiting;
import dev.orca.runtime.vm.internal.agent.AgentConnection;
import dev.orca.runtime.vm.internal.agent.AgentHello;
import dev.orca.runtime.vm.internal.agent.Fields;
import dev.orca.runtime.vm.internal.net.TapNetwork;
import dev.orca.runtime.vm.internal.qemu.QemuCommand;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a pod's QEMU (in the pod's network namespace, in its own session so it outlives Orca, in the pod's cgroup)
 * and watches its guest boot.
 */
final class VmLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(VmLauncher.class);
    private static final Duration QEMU_START = Duration.ofSeconds(10);

    private final VmSettings settings;
    private final HostCommands commands;
    private final Supplier<Accelerator> accelerator;
    private final BiConsumer<String, AgentConnection> onConnect;

    VmLauncher(VmSettings settings, HostCommands commands, Supplier<Accelerator> accelerator,
            BiConsumer<String, AgentConnection> onConnect) {
        this.settings = settings;
        this.commands = commands;
        this.accelerator = accelerator;
        this.onConnect = onConnect;
    }

    PodVm launch(SandboxRequest pod, PodDirectory dir, SandboxInfo info, VmSize size) throws IOException {
        Accelerator accel = accelerator.get();
        String mac = guestMac(pod.id());
        QemuCommand qemu = new QemuCommand(settings.qemu(), pod.id().substring(0, Math.min(12, pod.id().length())),
                settings.machine(), accel.qemuName(), settings.bootFirmware(Path.of(VmKeys.QBOOT)), size.memoryMib(),
                size.vcpus(),
                settings.kernel(), settings.initramfs(), settings.cmdline(), dir.agentSocket(), dir.consoleLog(),
                dir.shared(), TapNetwork.TAP, mac, dir.pidFile());
        List<String> argv = new ArrayList<>(List.of("setsid", "nsenter", "--net=" + dir.netns(), "--"));
        argv.addAll(qemu.argv());
        Files.writeString(dir.dir().resolve("qemu.cmdline"), String.join("\n", argv) + "\n");
        long launched = System.currentTimeMillis();
        Process process = commands.start(argv, dir.qemuLog());
        PodCgroup cgroup = PodCgroup.of(pod.id(), pod.cgroupParent());
        try {
            // setsid and nsenter exec QEMU in this process: moved now, the guest's memory is charged to the pod
            cgroup.place(process.pid());
        } catch (IOException | IllegalArgumentException e) {
            process.destroyForcibly();
            throw new IOException("cannot put QEMU into cgroup " + cgroup.path() + ": " + e.getMessage(), e);
        }
        boolean up;
        try {
            up = Waiting.until(() -> !process.isAlive() || Files.exists(dir.pidFile())
                    && Files.exists(dir.agentSocket()), QEMU_START, Duration.ofMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while QEMU started");
        }
        if (!up || !process.isAlive()) {
            process.destroyForcibly();
            String said = Files.exists(dir.qemuLog()) ? Files.readString(dir.qemuLog()).strip() : "";
            throw new IOException(settings.qemu() + (up ? " exited" : " did not start within "
                    + QEMU_START.toSeconds() + " s") + (said.isEmpty() ? "" : ": " + said.lines()
                    .reduce((a, b) -> b).orElse("")));
        }
        long pid = Long.parseLong(Files.readString(dir.pidFile()).strip());
        if (pid != process.pid()) {
            cgroup.place(pid);
        }
        long start = ProcessStat.of(Path.of("/proc"), pid).map(ProcessStat::startTicks).orElse(0L);
        VmRecord record = new VmRecord(info, pod.namespace() + "/" + pod.name(), pod.pid() == NamespaceMode.POD,
                pid, start, accel.qemuName(), size.memoryMib(), size.vcpus(), mac, launched, -1, "", false, 0);
        record.write(dir.record());
        PodVm vm = new PodVm(pod.id(), dir, record, process, c -> onConnect.accept(pod.id(), c));
        vm.connectAtBoot();
        LOG.info("pod {} ({}): QEMU pid {} started ({}, {} MiB, {} vCPU, sized by its {})", pod.id(), record.pod(),
                pid, accel.qemuName(), size.memoryMib(), size.vcpus(), size.asked());
        return vm;
    }

    /**
     * Waits for the guest in the background: booted in time, its boot time is recorded, its clock set and the pod's
     * hostname and sysctls applied before any container may be created; else QEMU is killed and {@code tapGone}
     * removes its tap.
     */
    void watchBoot(PodVm vm, SandboxRequest pod, Runnable removeTap) {
        Thread watcher = new Thread(() -> {
            try {
                AgentHello ready = vm.awaitReady(settings.bootTimeout());
                long bootMillis = System.currentTimeMillis() - vm.record().launchedAtMillis();
                vm.update(r -> r.booted(bootMillis, ready.kernel()));
                // not needed on the first connection, but it sets the guest's clock to the host's
                AgentHello hello = vm.connected().hello(PodVm.CALL_TIMEOUT);
                vm.connected().call(sandboxFields(pod), PodVm.CALL_TIMEOUT);
                vm.prepared();
                LOG.info("pod {}: guest {} up in {} ms (agent {}, guest uptime {} ms)", pod.id(), hello.kernel(),
                        bootMillis, hello.version(), ready.uptimeMillis());
            } catch (RuntimeHandlerException | IOException e) {
                if (vm.alive() && vm.record().bootMillis() < 0) {
                    String tail = vm.consoleTail();
                    vm.markGone("its VM did not boot within " + settings.bootTimeout().toSeconds()
                            + " s and was killed" + tail);
                    vm.kill();
                    removeTap.run();
                }
                vm.notPrepared(e);
                LOG.warn("pod {}: {}", pod.id(), e.getMessage());
            }
        }, "orca-vm-boot-" + pod.id().substring(0, Math.min(12, pod.id().length())));
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Fields sandboxFields(SandboxRequest pod) {
        Fields fields = Fields.of("op", "sandbox", "hostname", pod.hostname());
        pod.sysctls().forEach((k, v) -> fields.add("sysctl", k + "=" + v));
        return fields;
    }

    /** A locally administered MAC for the guest's NIC, from the sandbox id. */
    static String guestMac(String id) {
        int h = id.hashCode();
        return String.format("52:54:00:%02x:%02x:%02x", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
    }
}
