/**
 * The OCI runtime specification ({@code config.json}) as plain records. Component names are the specification's JSON
 * keys, so a JSON mapper that skips nulls writes a valid {@code config.json} from them; null means "not set".
 */
@Export
@Version("1.1.0")
package dev.orca.spi.oci;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
