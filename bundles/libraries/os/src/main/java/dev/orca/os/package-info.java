/**
 * The kernel calls Orca needs, behind small interfaces so that the logic above them can be unit-tested with fakes:
 * {@link dev.orca.os.Mounts} (mount(2), umount2(2), the mount table), {@link dev.orca.os.DeviceNodes} (mknod(2)),
 * {@link dev.orca.os.ExtendedAttributes} (the l*xattr(2) calls) and {@link dev.orca.os.FileTimes} (utimensat(2)); none of
 * them follows a symbolic link at the end of a path. For interactive processes: {@link dev.orca.os.Terminals}
 * (pseudo-terminals, and {@link dev.orca.os.ConsoleSocket}s a runtime sends one to), {@link dev.orca.os.Signals}
 * (kill(2)), {@link dev.orca.os.SeqPacketSockets} (conmon's attach socket) and {@link dev.orca.os.NetworkNamespaces}
 * (connections made inside a pod's network namespace).
 * {@link dev.orca.os.FileTrees} deletes trees and stops at a mount point, so that no bundle deletes what is mounted
 * inside its directories. A {@link dev.orca.os.Trash} takes a directory from its name at once and deletes it there, on
 * a {@link dev.orca.os.Sweeper}'s thread after the caller has gone on.
 * {@link dev.orca.os.Waiting} checks again after short pauses until something happens or a time-out passes.
 * {@link dev.orca.os.ProcessStat} reads a process's state, start, CPU time and memory from {@code /proc}: its start
 * with its pid tells it from a later process given the same pid.
 *
 * <p>The real implementations call libc through JNA; inside OSGi they are registered as services, outside it
 * {@link dev.orca.os.Linux} hands them out. A failed call is a {@link dev.orca.os.SystemCallException} naming the
 * call, the path and the error.
 */
@Export
@Version("1.10.0")
package dev.orca.os;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
