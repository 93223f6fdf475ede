/**
 * Orca's service provider interface: the OSGi services that plug-in bundles register and the core looks up.
 * Every type here is plain Java; the CRI's protobuf stays in the core.
 */
@Export
@Version("1.17.0")
package dev.orca.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
