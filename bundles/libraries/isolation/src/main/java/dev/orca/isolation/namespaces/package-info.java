/**
 * A pod's namespaces without a pause container: {@link dev.orca.isolation.namespaces.PodNamespaces} creates network,
 * IPC, UTS and optionally PID namespaces through util-linux {@code unshare} and keeps each one alive by the bind
 * mount of its nsfs file onto a file in the pod's directory, so that runtimes join them by path
 * ({@code linux.namespaces[].path}). A PID namespace also needs a living init: a small holder process is kept in
 * it and recorded in the directory, so that it is found again after a daemon restart.
 *
 * <p>Process spawning goes through {@link dev.orca.isolation.namespaces.Processes} and mounts through
 * {@link dev.orca.os.Mounts}, so the logic is unit-testable with fakes.
 */
@Export
@Version("1.0.0")
package dev.orca.isolation.namespaces;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
