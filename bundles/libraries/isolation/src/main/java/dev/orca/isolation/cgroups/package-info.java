/**
 * Pod-level cgroups on cgroupfs, for both layouts: v1 (one hierarchy per controller, possibly with a cgroup2
 * {@code unified} mount beside them) and v2 (one tree). {@link dev.orca.isolation.cgroups.CgroupLayout} finds the
 * layout; a {@link dev.orca.isolation.cgroups.Cgroup} is named by the path runc takes as {@code linux.cgroupsPath}
 * with the cgroupfs driver ({@code /kubepods/burstable/pod<uid>}), relative to the root of every hierarchy.
 *
 * <p>All reads and writes of cgroup files go through {@link dev.orca.isolation.cgroups.CgroupFiles}, and signals
 * through {@link dev.orca.isolation.cgroups.Signals}, so the logic is unit-testable with fakes.
 */
@Export
@Version("2.0.0")
package dev.orca.isolation.cgroups;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
