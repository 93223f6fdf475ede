package dev.orca.isolation.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.os.MountTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Pins real namespaces (root only). */
@EnabledIf("dev.orca.isolation.namespaces.PodNamespacesOnLinuxTest#isRoot")
class PodNamespacesOnLinuxTest {

    @TempDir
    Path dir;

    private final PodNamespaces namespaces = PodNamespaces.onHost();

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void unpin() throws IOException {
        namespaces.unpin(dir);
    }

    @Test
    void pinsNetIpcUtsAndPidAndUnpinsWithoutTrace() throws Exception {
        PinnedNamespaces pinned = namespaces.pin(dir,
                EnumSet.of(NamespaceType.NET, NamespaceType.IPC, NamespaceType.UTS, NamespaceType.PID), "pod-a");

        assertEquals(EnumSet.allOf(NamespaceType.class), pinned.files().keySet());
        for (NamespaceType type : NamespaceType.values()) {
            assertNotEquals(hostNamespaceInode(type), inode(dir.resolve(type.fileName())), type + " is the host's");
        }
        String links = run("nsenter", "--net=" + dir.resolve("net"), "ip", "-o", "link", "show", "lo");
        assertTrue(links.contains("UP"), "lo is up: " + links);
        assertEquals(1, run("nsenter", "--net=" + dir.resolve("net"), "ip", "-o", "link").strip().lines().count(),
                "only lo in the new network namespace");
        assertEquals("pod-a", run("nsenter", "--uts=" + dir.resolve("uts"), "hostname").strip());

        long initPid = pinned.pidHolder().orElseThrow();
        String inside = run("nsenter", "--pid=" + dir.resolve("pid"), "--", "sh", "-c", "echo $$").strip();
        assertNotEquals("1", inside, "a process joining the pinned PID namespace is not its init");
        assertTrue(Long.parseLong(inside) > 1);

        assertEquals(pinned, namespaces.recover(dir), "found again as after a restart");

        namespaces.unpin(dir);

        assertFalse(Files.readString(MountTable.SELF).contains(dir.toString()), "no mount left under " + dir);
        assertTrue(ProcessHandle.of(initPid).map(p -> !p.isAlive()).orElse(true), "PID namespace init is gone");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing left in " + dir);
        }
        assertTrue(namespaces.recover(dir).isEmpty());
        namespaces.unpin(dir);
    }

    @Test
    void theHolderOfAPidNamespaceReapsOrphans() throws Exception {
        PinnedNamespaces pinned = namespaces.pin(dir, Set.of(NamespaceType.PID));
        long init = pinned.pidHolder().orElseThrow();
        run("nsenter", "--pid=" + dir.resolve("pid"), "--", "sh", "-c", "(sleep 0.2 &) ; true");
        Thread.sleep(700);
        assertEquals(List.of(), ProcessHandle.of(init).orElseThrow().children()
                .filter(p -> p.info().command().orElse("").endsWith("sleep") && !p.info().arguments()
                        .map(a -> a.length > 0 && a[0].equals("3600")).orElse(false))
                .map(ProcessHandle::pid).toList(), "no orphan left");
        String states = Files.readString(Path.of("/proc/" + init + "/task/" + init + "/children"));
        for (String child : states.trim().split("\\s+")) {
            if (!child.isEmpty() && Files.exists(Path.of("/proc", child, "stat"))) {
                String stat = Files.readString(Path.of("/proc", child, "stat"));
                assertFalse(stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z"), "zombie child " + stat);
            }
        }
    }

    @Test
    void unpinOfAHalfMadeDirectoryCleansUp() throws Exception {
        Files.createFile(dir.resolve("net"));
        Files.writeString(dir.resolve(PodNamespaces.HOLDER_FILE), "999999999 1 0 0\n");
        namespaces.unpin(dir);
        assertFalse(Files.exists(dir.resolve("net")));
        assertFalse(Files.exists(dir.resolve(PodNamespaces.HOLDER_FILE)));
    }

    private static long inode(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
    }

    private static long hostNamespaceInode(NamespaceType type) throws IOException {
        return inode(Path.of("/proc/self/ns/" + type.fileName()));
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
        return output;
    }
}
