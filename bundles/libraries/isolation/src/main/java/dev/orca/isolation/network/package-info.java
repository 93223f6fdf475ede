/**
 * A pod's network interfaces as the kernel counts them: {@link dev.orca.isolation.network.PodInterfaces} reads
 * {@code /proc/net/dev} from inside the pod's pinned network namespace (through {@link dev.orca.os.NetworkNamespaces})
 * and {@link dev.orca.isolation.network.NetDev} turns its text into {@link dev.orca.spi.NetworkUsage} records.
 */
@Export
@Version("1.0.0")
package dev.orca.isolation.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
