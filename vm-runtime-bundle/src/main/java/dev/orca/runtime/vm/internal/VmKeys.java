package dev.orca.runtime.vm.internal;

import dev.orca.spi.HandlerConfiguration;

/**
 * The keys of a VM handler's configuration (a {@code deploy/dev.orca.runtime.vm-NAME.cfg}) and the pod annotations
 * it reads; {@link VmHandlerConfiguration} declares the same keys, an underscore for each dot.
 */
public final class VmKeys {

    /** The factory PID: one handler per configuration. */
    public static final String FACTORY_PID = "dev.orca.runtime.vm";

    public static final String HANDLER = HandlerConfiguration.HANDLER;
    public static final String DEFAULT = HandlerConfiguration.DEFAULT;
    public static final String DEFAULT_RANKING = HandlerConfiguration.DEFAULT_RANKING;
    public static final String RUN_ROOT = HandlerConfiguration.RUN_ROOT;

    public static final String QEMU_PATH = "qemu.path";
    public static final String KERNEL_PATH = "kernel.path";
    public static final String INITRAMFS_PATH = "initramfs.path";
    /** Extra kernel command line, after the guest's own (the {@code kernel-cmdline} file beside the initramfs). */
    public static final String KERNEL_CMDLINE = "kernel.cmdline";
    public static final String MACHINE = "machine";
    public static final String FIRMWARE_PATH = "firmware.path";
    public static final String ACCELERATOR = "accelerator";
    public static final String VCPUS = "vcpus";
    public static final String VCPUS_MAX = "vcpus.max";
    public static final String MEMORY_MIB = "memory.mib";
    public static final String MEMORY_MAX_MIB = "memory.max.mib";
    public static final String MEMORY_OVERHEAD_MIB = "memory.overhead.mib";
    public static final String BOOT_TIMEOUT_SECONDS = "boot.timeout.seconds";

    /** Pod annotation: the memory the pod's containers need, in MiB (the VM gets it plus the overhead). */
    public static final String POD_MEMORY_MIB = "vm.orca.dev/memory-mib";
    /** Pod annotation: the vCPUs the pod's VM gets. */
    public static final String POD_VCPUS = "vm.orca.dev/vcpus";

    public static final String DEFAULT_QEMU = "/usr/bin/qemu-system-x86_64";
    /** The machine the guest's measurements found fastest to boot (PCIe root complex, every device on bus 0). */
    public static final String DEFAULT_MACHINE = "q35";
    /** qboot (Debian's qemu-system-data): the firmware used when {@value #FIRMWARE_PATH} is empty and it is there. */
    public static final String QBOOT = "/usr/share/qemu/qboot.rom";
    /** {@value #FIRMWARE_PATH} for QEMU's own firmware (SeaBIOS) even where qboot is installed. */
    public static final String QEMU_FIRMWARE = "default";
    public static final String DEFAULT_KERNEL = "/opt/orca/vm/guest/vmlinux";
    public static final String DEFAULT_INITRAMFS = "/opt/orca/vm/guest/initramfs.img";
    /** The guest's recommended command line, written by its build beside the initramfs. */
    public static final String CMDLINE_FILE = "kernel-cmdline";
    /** The command line when the guest's build wrote none. */
    public static final String FALLBACK_CMDLINE = "console=hvc0 quiet";

    private VmKeys() {
    }
}
