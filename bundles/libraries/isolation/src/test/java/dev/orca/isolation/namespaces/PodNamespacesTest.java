package dev.orca.isolation.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.os.Mounts;
import dev.orca.os.SystemCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logic with fake processes and mounts: an unshare "mounts" the files named by its options. */
class PodNamespacesTest {

    @TempDir
    Path dir;

    private final List<Path> mounted = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final List<Long> killed = new ArrayList<>();
    private boolean failIpLink;
    private boolean holderDies;

    private final Mounts mounts = new Mounts() {
        @Override
        public void mount(String source, Path target, String fstype, long flags, String data) {
            mounted.add(target);
        }

        @Override
        public void unmount(Path target, int flags) throws IOException {
            if (!mounted.remove(target)) {
                throw new SystemCallException("umount2(" + target + ")", SystemCallException.EINVAL,
                        "Invalid argument");
            }
        }

        @Override
        public List<Path> mountPoints() throws IOException {
            List<Path> real = new ArrayList<>();
            for (Path p : mounted) {
                real.add(Mounts.canonical(p));
            }
            return real;
        }
    };

    private final Processes processes = new Processes() {
        @Override
        public void run(List<String> command, Duration timeout) throws IOException {
            commands.add(String.join(" ", command));
            pinFiles(command);
            if (failIpLink && String.join(" ", command).contains("ip link")) {
                throw new IOException("unshare: ip link set lo up: exit status 1");
            }
        }

        @Override
        public long start(List<String> command) {
            commands.add(String.join(" ", command));
            pinFiles(command);
            return 100;
        }

        @Override
        public List<Long> children(long pid) {
            return pid == 100 && !killed.contains(100L) && !holderDies ? List.of(101L) : List.of();
        }

        @Override
        public OptionalLong startTime(long pid) {
            return (pid == 100 || pid == 101) && !killed.contains(pid) && !holderDies ? OptionalLong.of(pid * 10)
                    : OptionalLong.empty();
        }

        @Override
        public boolean kill(long pid, Duration timeout) {
            killed.add(pid);
            return true;
        }
    };

    private final PodNamespaces namespaces = new PodNamespaces(processes, mounts);

    private void pinFiles(List<String> command) {
        if (command.get(0).equals("unshare")) {
            command.stream().filter(a -> a.startsWith("--") && a.contains("="))
                    .forEach(a -> mounted.add(Path.of(a.substring(a.indexOf('=') + 1))));
        }
    }

    @Test
    void pinsWithUnshareAndRecordsThePidHolder() throws Exception {
        PinnedNamespaces pinned = namespaces.pin(dir, EnumSet.allOf(NamespaceType.class), "pod-a");

        assertTrue(commands.get(0).startsWith("unshare --pid=" + dir.resolve("pid") + " --fork --kill-child"),
                "the PID namespace's holder starts first: " + commands);
        assertEquals("unshare --net=" + dir.resolve("net") + " --ipc=" + dir.resolve("ipc") + " --uts="
                + dir.resolve("uts") + " sh -c hostname \"$1\" && exec ip link set lo up orca-pod-namespaces pod-a",
                commands.get(1), "one process makes the namespaces, sets the hostname and the loopback up");
        assertEquals(2, commands.size());
        assertEquals(OptionalLong.of(101), pinned.pidHolder());
        assertEquals("100 1000 101 1010", Files.readString(dir.resolve(PodNamespaces.HOLDER_FILE)).strip());
        assertEquals(pinned, namespaces.recover(dir));

        namespaces.unpin(dir);
        assertEquals(List.of(101L, 100L), killed, "init first, then its holder");
        assertEquals(List.of(), mounted);
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aFailedPinLeavesNothing() throws Exception {
        failIpLink = true;
        IOException e = assertThrows(IOException.class, () -> namespaces.pin(dir, Set.of(NamespaceType.NET,
                NamespaceType.UTS)));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("ip link"), e.getMessage());
        assertEquals(List.of(), mounted);
        assertFalse(Files.exists(dir.resolve("net")));
    }

    @Test
    void theLoopbackComesUpInTheUnshareThatMakesTheNetworkNamespace() throws Exception {
        namespaces.pin(dir, EnumSet.of(NamespaceType.NET, NamespaceType.UTS));
        assertEquals(List.of("unshare --net=" + dir.resolve("net") + " --uts=" + dir.resolve("uts")
                + " ip link set lo up"), commands);
    }

    @Test
    void aNamedPodWithoutItsOwnNetworkOnlySetsTheHostname() throws Exception {
        namespaces.pin(dir, EnumSet.of(NamespaceType.IPC, NamespaceType.UTS), "pod-b");
        assertEquals(List.of("unshare --ipc=" + dir.resolve("ipc") + " --uts=" + dir.resolve("uts")
                + " hostname pod-b"), commands);
    }

    @Test
    void aFailureBesideThePidHolderStillLeavesNothing() throws Exception {
        failIpLink = true;
        IOException e = assertThrows(IOException.class, () -> namespaces.pin(dir,
                EnumSet.allOf(NamespaceType.class), "pod-c"));
        assertTrue(e.getMessage().contains("ip link"), e.getMessage());
        assertEquals(List.of(101L, 100L), killed, "the holder started beside it is waited for, then killed");
        assertEquals(List.of(), mounted);
        assertFalse(Files.exists(dir.resolve(PodNamespaces.HOLDER_FILE)));
    }

    @Test
    void whenBothHalvesFailTheFirstIsThrownWithTheHoldersBeside() throws Exception {
        failIpLink = true;
        holderDies = true;
        IOException e = assertThrows(IOException.class, () -> namespaces.pin(dir,
                EnumSet.allOf(NamespaceType.class), "pod-d"));
        assertTrue(e.getMessage().contains("ip link"), e.getMessage());
        Throwable cause = e.getCause();
        assertEquals(1, cause.getSuppressed().length, "the holder's failure rides along");
        assertTrue(cause.getSuppressed()[0].getMessage().contains("exited"), cause.getSuppressed()[0].getMessage());
        assertEquals(List.of(), mounted);
    }

    @Test
    void refusesToPinTwice() throws Exception {
        namespaces.pin(dir, Set.of(NamespaceType.IPC));
        assertThrows(IOException.class, () -> namespaces.pin(dir, Set.of(NamespaceType.IPC)));
    }

    @Test
    void aReusedPidIsNotKilled() throws Exception {
        Files.writeString(dir.resolve(PodNamespaces.HOLDER_FILE), "100 999 101 999\n");
        namespaces.unpin(dir);
        assertEquals(List.of(), killed);
        namespaces.unpin(dir.resolve("missing"));
    }

    @Test
    void rejectsAnOptionAsHostname() {
        assertThrows(IllegalArgumentException.class, () -> namespaces.pin(dir, Set.of(NamespaceType.UTS), "-x"));
    }
}
