package dev.orca.runtime.vm.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A VM handler's configuration, checked.
 *
 * @param firmware the {@code -bios}: empty (or null) for qboot when installed, else QEMU's own SeaBIOS;
 *     {@value VmKeys#QEMU_FIRMWARE} for QEMU's own; else a path
 */
record VmSettings(String name, Path qemu, Path kernel, Path initramfs, String extraCmdline, String machine,
        String firmware, Accelerator accelerator, int vcpus, int vcpusMax, int memoryMib, int memoryMaxMib,
        int memoryOverheadMib, Duration bootTimeout, Path runRoot) {

    static VmSettings of(VmHandlerConfiguration c, String orcaRunRoot) {
        String name = c.orca_runtime_handler();
        Path runs = c.run_root().isBlank()
                ? Path.of(orcaRunRoot == null || orcaRunRoot.isBlank() ? "/run/orca" : orcaRunRoot, "runtimes",
                        name == null ? "" : name)
                : Path.of(c.run_root());
        Accelerator accelerator;
        try {
            accelerator = Accelerator.parse(c.accelerator());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("runtime handler \"" + name + "\": " + e.getMessage());
        }
        return new VmSettings(name, Path.of(c.qemu_path()), Path.of(c.kernel_path()), Path.of(c.initramfs_path()),
                c.kernel_cmdline().strip(), c.machine().strip(), c.firmware_path().strip(), accelerator, c.vcpus(), c.vcpus_max(), c.memory_mib(),
                c.memory_max_mib(), c.memory_overhead_mib(), Duration.ofSeconds(c.boot_timeout_seconds()), runs)
                .validated();
    }

    /** @throws IllegalArgumentException naming the handler and every setting that is wrong */
    VmSettings validated() {
        List<String> wrong = new ArrayList<>();
        if (name == null || name.isBlank()) {
            wrong.add(VmKeys.HANDLER + " is required");
        }
        if (vcpus < 1 || vcpusMax < vcpus) {
            wrong.add(VmKeys.VCPUS + " must be at least 1 and at most " + VmKeys.VCPUS_MAX + " (" + vcpus + " > "
                    + vcpusMax + ")");
        }
        if (memoryMib < 16 || memoryMaxMib < memoryMib) {
            wrong.add(VmKeys.MEMORY_MIB + " must be at least 16 and at most " + VmKeys.MEMORY_MAX_MIB + " ("
                    + memoryMib + ", " + memoryMaxMib + ")");
        }
        if (memoryOverheadMib < 0) {
            wrong.add(VmKeys.MEMORY_OVERHEAD_MIB + " must not be negative");
        }
        if (bootTimeout.isNegative() || bootTimeout.isZero()) {
            wrong.add(VmKeys.BOOT_TIMEOUT_SECONDS + " must be positive");
        }
        if (machine.isEmpty() || !machine.matches("[A-Za-z0-9_.,=-]+")) {
            wrong.add(VmKeys.MACHINE + " \"" + machine + "\" is not a QEMU machine type");
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("runtime handler \"" + name + "\": " + String.join("; ", wrong));
        }
        return this;
    }

    /** Why pods cannot run now: the parts that are missing (checked on every call, so a part installed later counts). */
    Optional<String> missingParts() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Path> part : Map.of("QEMU binary", qemu, "guest kernel", kernel,
                "guest initramfs", initramfs).entrySet()) {
            if (!Files.isRegularFile(part.getValue())) {
                missing.add(part.getKey() + " " + part.getValue() + " is missing");
            }
        }
        if (explicitFirmware() && !Files.isRegularFile(Path.of(firmware))) {
            missing.add("firmware " + firmware + " is missing");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing.stream().sorted()
                .toList()));
    }

    private boolean explicitFirmware() {
        return firmware != null && !firmware.isBlank() && !firmware.equals(VmKeys.QEMU_FIRMWARE);
    }

    /**
     * The {@code -bios} to boot with, or null for QEMU's own (SeaBIOS): qboot, which the guest's measurements found
     * ~45 ms faster to the PVH entry, when nothing else is configured and it is installed.
     */
    Path bootFirmware(Path qboot) {
        if (explicitFirmware()) {
            return Path.of(firmware);
        }
        boolean auto = firmware == null || firmware.isBlank();
        return auto && Files.isRegularFile(qboot) ? qboot : null;
    }

    /** The kernel command line: the guest's recommended one (or the fallback), then the configured extra. */
    String cmdline() {
        String base = VmKeys.FALLBACK_CMDLINE;
        Path file = initramfs.resolveSibling(VmKeys.CMDLINE_FILE);
        try {
            if (Files.isRegularFile(file) && !Files.readString(file).isBlank()) {
                base = Files.readString(file).strip().replaceAll("\\s+", " ");
            }
        } catch (IOException e) {
            // the fallback boots too
        }
        return extraCmdline.isEmpty() ? base : base + " " + extraCmdline;
    }
}
