package dev.orca.runtime.vm.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether KVM can run this handler's guest. An openable {@code /dev/kvm} is not enough: in a nested VM it may create
 * VMs whose vCPUs never make progress, so the probe boots the guest kernel itself under KVM, without a root, to its
 * panic ({@code panic=-1} with {@code -no-reboot} makes QEMU exit); a kernel that gets there in time says KVM works.
 */
final class AcceleratorProbe {

    private static final Logger LOG = LoggerFactory.getLogger(AcceleratorProbe.class);
    static final Duration TIMEOUT = Duration.ofSeconds(8);

    private final HostCommands commands;
    private final Path kvmDevice;

    /** What each QEMU and kernel probed to, for as long as the bundle runs: whether KVM can run a guest does not change. */
    private static final Map<List<Object>, CompletableFuture<Choice>> PROBED = new ConcurrentHashMap<>();

    /**
     * The choice for {@code configured} with this QEMU and kernel, probed once in the background however many
     * handlers (configurations, re-activations) ask.
     */
    static CompletableFuture<Choice> once(Accelerator configured, Path qemu, Path kernel, Supplier<Choice> probe) {
        return PROBED.computeIfAbsent(List.of(configured, qemu, kernel), key -> CompletableFuture.supplyAsync(probe,
                task -> {
                    Thread thread = new Thread(task, "orca-vm-accelerator-probe");
                    thread.setDaemon(true);
                    thread.start();
                }));
    }

    AcceleratorProbe(HostCommands commands, Path kvmDevice) {
        this.commands = commands;
        this.kvmDevice = kvmDevice;
    }

    /** The accelerator to use for {@code configured}: itself, unless {@code auto}; and why, for the log. */
    Choice choose(Accelerator configured, Path qemu, Path kernel) {
        if (configured != Accelerator.AUTO) {
            return new Choice(configured, "configured");
        }
        if (!Files.exists(kvmDevice)) {
            return new Choice(Accelerator.TCG, kvmDevice + " does not exist");
        }
        try {
            HostCommands.Result result = commands.run(command(qemu, kernel), TIMEOUT.plusSeconds(2));
            if (result.ok()) {
                return new Choice(Accelerator.KVM, "a KVM guest booted");
            }
            if (result.exitCode() == KILLED_BY_TIMEOUT) {
                return new Choice(Accelerator.TCG, "a KVM guest made no progress within " + TIMEOUT.toSeconds()
                        + " s (nested virtualization without KVM for the guest)");
            }
            return new Choice(Accelerator.TCG, "KVM cannot run a guest here: " + result.error());
        } catch (IOException e) {
            LOG.debug("KVM probe: {}", e.getMessage());
            return new Choice(Accelerator.TCG, "a KVM guest made no progress within " + TIMEOUT.toSeconds()
                    + " s (nested virtualization without KVM for the guest)");
        }
    }

    /** coreutils timeout's status for a command it killed with SIGKILL. */
    static final int KILLED_BY_TIMEOUT = 137;

    /** Under coreutils timeout, so that a hung probe dies even when this JVM does first. */
    static List<String> command(Path qemu, Path kernel) {
        return List.of("timeout", "--signal=KILL", TIMEOUT.toSeconds() + "s", qemu.toString(), "-nodefaults", "-no-user-config", "-display", "none", "-accel", "kvm",
                "-machine", "pc", "-cpu", "host", "-m", "64", "-kernel", kernel.toString(), "-append",
                "panic=-1 quiet", "-no-reboot");
    }

    /** The accelerator chosen, and why. */
    record Choice(Accelerator accelerator, String reason) {
    }
}
