/** Security profile providers (seccomp, AppArmor): plain Java, the OCI model from {@code dev.orca.spi.oci}. */
@Export
@Version("1.0.0")
package dev.orca.spi.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
