package dev.orca.isolation.namespaces;

import dev.orca.os.Linux;
import dev.orca.os.MountFlags;
import dev.orca.os.Mounts;
import dev.orca.os.Waiting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Creates a pod's namespaces and pins each on a file in the pod's directory ({@code net}, {@code ipc}, {@code uts},
 * {@code pid}), through util-linux {@code unshare}: the JVM is multithreaded and cannot unshare itself.
 *
 * <p>A PID namespace ends when its init exits, so a holder ({@code unshare --fork}, whose child is init of the
 * namespace and reaps the orphans reparented to it) keeps running; its pids are recorded in {@value #HOLDER_FILE}.
 */
public final class PodNamespaces {

    /** The file in the pod's directory that records the PID namespace's holder and init processes. */
    public static final String HOLDER_FILE = "pid-holder";

    /** The name the PID namespace's init goes by, as a pod's containers see it in {@code ps}. */
    static final String INIT_NAME = "orca-pod-init";

    /**
     * Init of a pinned PID namespace, in Perl (Debian's perl-base is essential, so always there): with SIGCHLD
     * ignored the kernel reaps every child reparented to it, and it sleeps without a child of its own — a shell loop
     * around {@code sleep} showed a {@code sleep} process in every pod sharing its PID namespace, which workloads
     * and critest's {@code pgrep sleep} take for their own.
     */
    static final List<String> INIT = List.of("perl", "-e",
            "$0 = '" + INIT_NAME + "'; $SIG{CHLD} = 'IGNORE'; sleep 86400 while 1;");

    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,62})");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HOLDER_START_TIMEOUT = Duration.ofSeconds(5);
    /** Init is up a few milliseconds after its holder starts, mostly before the other namespaces are made. */
    private static final Duration HOLDER_POLL = Duration.ofMillis(2);
    /** Run inside a new network namespace: its loopback up, what CNI's {@code loopback} plug-in does. */
    private static final List<String> LOOPBACK_UP = List.of("ip", "link", "set", "lo", "up");
    private static final int MAX_STACKED_MOUNTS = 8;

    private final Processes processes;
    private final Mounts mounts;

    public PodNamespaces(Processes processes, Mounts mounts) {
        this.processes = processes;
        this.mounts = mounts;
    }

    /** With this host's processes and mount calls. */
    public static PodNamespaces onHost() {
        return new PodNamespaces(new HostProcesses(), Linux.mounts());
    }

    /** {@link #pin(Path, Set, String)} without setting a hostname. */
    public PinnedNamespaces pin(Path dir, Set<NamespaceType> types) throws IOException {
        return pin(dir, types, null);
    }

    /**
     * Creates new namespaces of the given types and pins each on {@code dir/<type>}; the network namespace gets its
     * loopback up, the UTS namespace the hostname when one is given. On failure nothing is left pinned.
     *
     * @throws IOException naming the directory and the cause; also when something is pinned there already
     */
    public PinnedNamespaces pin(Path dir, Set<NamespaceType> types, String hostname) throws IOException {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no namespace to pin in " + dir);
        }
        if (hostname != null && !HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("pod in " + dir + ": invalid hostname \"" + hostname + "\"");
        }
        Files.createDirectories(dir);
        PinnedNamespaces existing = recover(dir);
        if (!existing.isEmpty()) {
            throw new IOException("namespaces in " + dir + " are pinned already: " + existing.files().keySet());
        }
        try {
            // the PID namespace's holder starts first and brings its init up while the other namespaces are made
            PidHolder holder = types.contains(NamespaceType.PID) ? startPidHolder(dir) : null;
            Exception failure = null;
            try {
                pinShared(dir, types, hostname);
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            if (holder != null) {
                // waited for also when the rest failed, so that what it pins is there to be unpinned below
                try {
                    awaitPidPinned(dir, holder);
                } catch (IOException | RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure instanceof IOException io) {
                throw io;
            } else if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            PinnedNamespaces pinned = recover(dir);
            EnumSet<NamespaceType> missing = EnumSet.copyOf(types);
            missing.removeAll(pinned.files().keySet());
            if (!missing.isEmpty()) {
                throw new IOException(missing + " not mounted after unshare");
            }
            return pinned;
        } catch (IOException | RuntimeException e) {
            IOException failure = new IOException("pinning " + types + " namespaces in " + dir + ": "
                    + e.getMessage(), e);
            try {
                unpin(dir);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /**
     * One {@code unshare} makes the network, IPC and UTS namespaces and runs in them what they need before a
     * container joins: the loopback up and the hostname set, in one process when both are asked for (a shell that
     * sets the hostname, then becomes {@code ip}).
     */
    private void pinShared(Path dir, Set<NamespaceType> types, String hostname) throws IOException {
        List<String> command = new ArrayList<>(List.of("unshare"));
        for (NamespaceType type : types) {
            if (type != NamespaceType.PID) {
                command.add(type.option(touch(dir, type)));
            }
        }
        if (command.size() == 1) {
            return;
        }
        boolean loopback = types.contains(NamespaceType.NET);
        boolean named = types.contains(NamespaceType.UTS) && hostname != null;
        if (loopback && named) {
            command.addAll(List.of("sh", "-c", "hostname \"$1\" && exec " + String.join(" ", LOOPBACK_UP),
                    "orca-pod-namespaces", hostname));
        } else if (loopback) {
            command.addAll(LOOPBACK_UP);
        } else if (named) {
            command.addAll(List.of("hostname", hostname));
        } else {
            command.add("true");
        }
        processes.run(command, COMMAND_TIMEOUT);
    }

    /** Starts the holder of a new PID namespace and records its pid; {@link #awaitPidPinned} waits for its init. */
    private PidHolder startPidHolder(Path dir) throws IOException {
        Path file = touch(dir, NamespaceType.PID);
        List<String> command = new ArrayList<>(List.of("unshare", NamespaceType.PID.option(file), "--fork",
                "--kill-child"));
        command.addAll(INIT);
        long pid = processes.start(command);
        PidHolder holder = new PidHolder(pid, processes.startTime(pid).orElse(0), 0, 0);
        holder.write(dir);
        return holder;
    }

    /** Waits until the holder has started init and pinned the namespace, and records init's pid beside its own. */
    private void awaitPidPinned(Path dir, PidHolder started) throws IOException {
        Path file = file(dir, NamespaceType.PID);
        long holder = started.holderPid();
        boolean pinned;
        try {
            pinned = Waiting.until(() -> {
                List<Long> children = processes.children(holder);
                if (!children.isEmpty() && mounts.isMountPoint(file)) {
                    long init = children.get(0);
                    new PidHolder(holder, started.holderStart(), init, processes.startTime(init).orElse(0)).write(dir);
                    return true;
                }
                if (processes.startTime(holder).isEmpty()) {
                    throw new IOException("the PID namespace holder (unshare, pid " + holder + ") exited");
                }
                return false;
            }, HOLDER_START_TIMEOUT, HOLDER_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (!pinned) {
            throw new IOException("the PID namespace holder (unshare, pid " + holder + ") did not start init"
                    + " and pin " + file + " within " + HOLDER_START_TIMEOUT);
        }
    }

    /**
     * Unmounts (detaching lazily when busy) and deletes every pinned file in {@code dir} and kills the PID
     * namespace's holder; the directory itself stays. Does nothing for what is gone already, so it also cleans up
     * after a half-made {@link #pin}.
     */
    public void unpin(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<String> failures = new ArrayList<>();
        try {
            killHolder(dir);
        } catch (IOException e) {
            failures.add(e.getMessage());
        }
        for (NamespaceType type : NamespaceType.values()) {
            Path file = file(dir, type);
            try {
                mounts.unmountAll(file, MountFlags.UMOUNT_NOFOLLOW, MAX_STACKED_MOUNTS);
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failures.add(file + ": " + e.getMessage());
            }
        }
        if (failures.isEmpty()) {
            Files.deleteIfExists(dir.resolve(HOLDER_FILE));
        } else {
            throw new IOException("unpinning namespaces in " + dir + ": " + String.join("; ", failures));
        }
    }

    /** Whether a namespace of this type is pinned in {@code dir}. */
    public boolean isPinned(Path dir, NamespaceType type) throws IOException {
        Path file = file(dir, type);
        return Files.exists(file) && mounts.isMountPoint(file);
    }

    /** What is pinned in {@code dir}, found again after a restart; empty when nothing is. */
    public PinnedNamespaces recover(Path dir) throws IOException {
        Map<NamespaceType, Path> files = new EnumMap<>(NamespaceType.class);
        for (NamespaceType type : NamespaceType.values()) {
            if (isPinned(dir, type)) {
                files.put(type, file(dir, type));
            }
        }
        OptionalLong init = PidHolder.read(dir)
                .filter(h -> h.initPid() > 0 && isSame(h.initPid(), h.initStart()))
                .map(h -> OptionalLong.of(h.initPid())).orElse(OptionalLong.empty());
        return new PinnedNamespaces(dir, files, init);
    }

    private void killHolder(Path dir) throws IOException {
        var record = PidHolder.read(dir);
        if (record.isEmpty()) {
            return;
        }
        PidHolder holder = record.get();
        // init first: unshare then exits by itself and is reaped by its parent, leaving no zombie behind
        kill(dir, "init", holder.initPid(), holder.initStart());
        kill(dir, "holder", holder.holderPid(), holder.holderStart());
    }

    private void kill(Path dir, String role, long pid, long start) throws IOException {
        if (pid > 0 && isSame(pid, start) && !processes.kill(pid, KILL_TIMEOUT)) {
            throw new IOException("PID namespace " + role + " " + pid + " of " + dir + " did not die within "
                    + KILL_TIMEOUT);
        }
    }

    private boolean isSame(long pid, long start) {
        OptionalLong now = processes.startTime(pid);
        return now.isPresent() && (start == 0 || now.getAsLong() == start);
    }

    private static Path file(Path dir, NamespaceType type) {
        return dir.resolve(type.fileName());
    }

    private static Path touch(Path dir, NamespaceType type) throws IOException {
        Path file = file(dir, type);
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        return file;
    }
}
