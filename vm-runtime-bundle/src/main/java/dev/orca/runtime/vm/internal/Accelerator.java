package dev.orca.runtime.vm.internal;

import java.util.Locale;

/** How QEMU runs the guest: {@code kvm} (hardware virtualization), {@code tcg} (emulation), or {@code auto}. */
public enum Accelerator {
    AUTO, KVM, TCG;

    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Accelerator parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("accelerator \"" + value + "\" is not auto, kvm or tcg");
        }
    }
}
