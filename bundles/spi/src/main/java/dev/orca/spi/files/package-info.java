/**
 * How Orca writes its state files — pod and container records, the image catalog, a handler's records — so that a
 * full disk, a crash or a power cut never leaves one half-written: {@link StateFiles}. It lives in the SPI because
 * the core and every plug-in that keeps state import the SPI, and the core stands on no library.
 */
@Export
@Version("1.1.0")
package dev.orca.spi.files;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
