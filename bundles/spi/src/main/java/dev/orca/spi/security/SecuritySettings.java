package dev.orca.spi.security;

import dev.orca.spi.oci.OciSeccomp;

/**
 * A provider's answer: what goes into the OCI spec.
 *
 * @param seccomp {@code linux.seccomp}, or {@code null} for none (unconfined)
 * @param apparmorProfile {@code process.apparmorProfile}, or {@code null} for none (unconfined)
 */
public record SecuritySettings(OciSeccomp seccomp, String apparmorProfile) {

    public static final SecuritySettings UNCONFINED = new SecuritySettings(null, null);
}
