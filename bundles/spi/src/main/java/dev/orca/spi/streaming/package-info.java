/**
 * The streaming server's service (exec, attach, port-forward for kubectl and crictl) and what the core hands it:
 * plain Java, no protobuf and no HTTP types.
 */
@Export
@Version("1.0.0")
package dev.orca.spi.streaming;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
