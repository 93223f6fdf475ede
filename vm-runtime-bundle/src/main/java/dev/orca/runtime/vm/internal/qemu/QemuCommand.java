package dev.orca.runtime.vm.internal.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod VM's QEMU command line: no default devices, no display; the guest kernel and initramfs booted directly; the
 * agent's virtio-serial port on a unix socket QEMU serves; the console (hvc0) to a log file; the shared directory
 * over virtio-9p; a virtio-net NIC on the pod's tap device (QEMU runs in the pod's network namespace).
 *
 * @param name the VM's name (in {@code ps})
 * @param accelerator {@code kvm} or {@code tcg}
 * @param firmware the {@code -bios}, or null for QEMU's default
 */
public record QemuCommand(Path qemu, String name, String machine, String accelerator, Path firmware, int memoryMib,
        int vcpus, Path kernel, Path initramfs, String cmdline, Path agentSocket, Path consoleLog, Path shared,
        String tap, String mac, Path pidFile) {

    /** The name of the agent's port, as the guest finds it under {@code /dev/virtio-ports/}. */
    public static final String AGENT_PORT = "dev.orca.agent";
    /** The 9p mount tag of the shared directory. */
    public static final String SHARED_TAG = "orca-shared";

    public List<String> argv() {
        List<String> argv = new ArrayList<>(List.of(qemu.toString(), "-name", "orca-" + escape(name),
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-machine", machine, "-accel", accelerator));
        argv.addAll(List.of("-cpu", accelerator.equals("kvm") ? "host" : "max"));
        if (firmware != null) {
            argv.addAll(List.of("-bios", firmware.toString()));
        }
        argv.addAll(List.of("-m", Integer.toString(memoryMib), "-smp", Integer.toString(vcpus),
                "-kernel", kernel.toString(), "-initrd", initramfs.toString(), "-append", cmdline,
                "-device", "virtio-serial-pci,id=serial0",
                "-chardev", "file,id=console,path=" + escape(consoleLog.toString()),
                "-device", "virtconsole,bus=serial0.0,chardev=console",
                "-chardev", "socket,id=agent,path=" + escape(agentSocket.toString()) + ",server=on,wait=off",
                "-device", "virtserialport,bus=serial0.0,chardev=agent,name=" + AGENT_PORT,
                "-fsdev", "local,id=shared,path=" + escape(shared.toString())
                        + ",security_model=passthrough,multidevs=remap",
                "-device", "virtio-9p-pci,fsdev=shared,mount_tag=" + SHARED_TAG));
        if (tap != null) {
            argv.addAll(List.of("-netdev", "tap,id=net0,ifname=" + tap + ",script=no,downscript=no",
                    "-device", "virtio-net-pci,netdev=net0,mac=" + mac));
        }
        argv.addAll(List.of("-pidfile", pidFile.toString()));
        return argv;
    }

    /** QEMU's option syntax doubles a comma inside a value. */
    static String escape(String value) {
        return value.replace(",", ",,");
    }
}
