/**
 * Extraction of OCI/Docker layer tars into a directory: {@link dev.orca.layers.LayerUnpacker}, with whiteouts
 * translated by a {@link dev.orca.layers.WhiteoutTreatment} ({@link dev.orca.layers.OverlayWhiteouts},
 * {@link dev.orca.layers.VfsWhiteouts}), and {@link dev.orca.layers.TreeUsage} for measuring trees
 * without following symbolic links.
 */
@Export
@Version("2.0.0")
package dev.orca.layers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
