/**
 * Image policies: the service the image store asks before it records a pulled image, and what it hands over.
 * Plain Java; the policy reaches the registry only through the store's {@link dev.orca.spi.policy.SignatureSource}.
 */
@Export
@Version("1.1.0")
package dev.orca.spi.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
