package dev.orca.runtime.vm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One RuntimeClass handler whose pods each run in a QEMU virtual machine. Attribute names are the keys of
 * {@link VmKeys}, an underscore for each dot.
 */
@ObjectClassDefinition(name = "Orca VM runtime handler",
        description = "Each pod in its own QEMU virtual machine with Orca's guest agent; one handler per configuration")
@interface VmHandlerConfiguration {

    @AttributeDefinition(name = "handler name", description = "The RuntimeClass handler name, such as \"vm\"")
    String orca_runtime_handler();

    @AttributeDefinition(name = "default", description = "Serves pods that name no RuntimeClass")
    boolean orca_runtime_default() default false;

    @AttributeDefinition(name = "default ranking", description = "Of the handlers marked default that can run pods,"
            + " the highest serves")
    int orca_runtime_default_ranking() default 0;

    @AttributeDefinition(description = "The QEMU binary")
    String qemu_path() default VmKeys.DEFAULT_QEMU;

    @AttributeDefinition(description = "The guest kernel: the uncompressed vmlinux (PVH entry) the guest build writes,"
            + " or its vmlinuz")
    String kernel_path() default VmKeys.DEFAULT_KERNEL;

    @AttributeDefinition(description = "The guest initramfs with Orca's agent")
    String initramfs_path() default VmKeys.DEFAULT_INITRAMFS;

    @AttributeDefinition(description = "Extra kernel command line, after the guest's own (the kernel-cmdline file"
            + " beside the initramfs, else \"" + VmKeys.FALLBACK_CMDLINE + "\")")
    String kernel_cmdline() default "";

    @AttributeDefinition(description = "The QEMU machine type (q35: the fastest boot the guest's measurements found)")
    String machine() default VmKeys.DEFAULT_MACHINE;

    @AttributeDefinition(description = "The firmware (-bios): empty for qboot (" + VmKeys.QBOOT + ") when installed,"
            + " else QEMU's SeaBIOS; \"" + VmKeys.QEMU_FIRMWARE + "\" for QEMU's own; or a path. An uncompressed"
            + " vmlinux is entered through its PVH note either way")
    String firmware_path() default "";

    @AttributeDefinition(description = "auto (KVM when a KVM guest can run here, else TCG), kvm or tcg")
    String accelerator() default "auto";

    @AttributeDefinition(description = "vCPUs of a pod's VM when it has no CPU limit (else its quota over its period,"
            + " rounded up) and no annotation " + VmKeys.POD_VCPUS)
    int vcpus() default 1;

    @AttributeDefinition(description = "The most vCPUs a pod's VM gets (a larger CPU limit gets this many; a larger"
            + " annotation is refused)")
    int vcpus_max() default 2;

    @AttributeDefinition(description = "Memory of a pod's containers (MiB) when it has no memory limit (else the"
            + " limit plus the RuntimeClass overhead) and no annotation " + VmKeys.POD_MEMORY_MIB + "; the VM gets it"
            + " plus " + VmKeys.MEMORY_OVERHEAD_MIB)
    int memory_mib() default 256;

    @AttributeDefinition(description = "The most memory (MiB) a pod may ask, overhead not counted")
    int memory_max_mib() default 2048;

    @AttributeDefinition(description = "Memory (MiB) the guest kernel and agent need beyond the containers'")
    int memory_overhead_mib() default 64;

    @AttributeDefinition(description = "How long a guest may take to boot until its agent answers (seconds)")
    int boot_timeout_seconds() default 30;

    @AttributeDefinition(description = "Where each pod's VM keeps its state (pidfile, agent socket, shared"
            + " directory, console log); empty for <framework property orca.runroot, default /run/orca>"
            + "/runtimes/<handler name>")
    String run_root() default "";
}
