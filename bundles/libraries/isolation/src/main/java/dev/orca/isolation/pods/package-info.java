/**
 * What a pod's containers share as files, written alike by every runtime handler: {@link
 * dev.orca.isolation.pods.PodFiles}.
 */
@Export
@Version("1.0.0")
package dev.orca.isolation.pods;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
