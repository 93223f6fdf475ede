package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State, sync messages, exit files, output caps and oom handling, without a runtime. */
class StateLogicTest {

    private final ContainerTimes times = new ContainerTimes("2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z");

    @Test
    void theExitFileDecidesOnceWritten() {
        Instant at = Instant.parse("2024-01-01T00:00:05Z");
        ContainerState s = ContainerStates.of("c", new RuntimeStatus("stopped", 0),
                Optional.of(new ExitRecord(0, at)), times, false);
        assertEquals(Phase.EXITED, s.phase());
        assertEquals("Completed", s.reason());
        assertEquals(at, s.finishedAt());
        assertEquals("OOMKilled", ContainerStates.of("c", RuntimeStatus.UNKNOWN,
                Optional.of(new ExitRecord(137, at)), times, true).reason());
        assertEquals("Error", ContainerStates.of("c", RuntimeStatus.UNKNOWN,
                Optional.of(new ExitRecord(2, at)), times, false).reason());
    }

    @Test
    void aRefusalSaysHowAndWhenAnEndedContainerEnded() {
        Instant at = Instant.parse("2024-01-01T00:00:05Z");
        ContainerTimes neverStarted = new ContainerTimes("2024-01-01T00:00:00Z", null);
        assertEquals("EXITED (exit code 137, Error, at 2024-01-01T00:00:05Z, never started)", ContainerStates.describe(
                ContainerStates.of("c", RuntimeStatus.UNKNOWN, Optional.of(new ExitRecord(137, at)), neverStarted,
                        false)));
        assertEquals("EXITED (exit code 0, Completed, at 2024-01-01T00:00:05Z)", ContainerStates.describe(
                ContainerStates.of("c", RuntimeStatus.UNKNOWN, Optional.of(new ExitRecord(0, at)), times, false)));
        assertEquals("EXITED (exit code unknown, Error: container c stopped but its monitor wrote no exit code)",
                ContainerStates.describe(ContainerStates.of("c", new RuntimeStatus("stopped", 0), Optional.empty(),
                        times, false)));
        assertEquals("RUNNING", ContainerStates.describe(ContainerStates.of("c", new RuntimeStatus("running", 7),
                Optional.empty(), times, false)));
    }

    @Test
    void withoutAnExitTheRuntimeDecides() {
        assertEquals(Phase.CREATED, ContainerStates.of("c", new RuntimeStatus("created", 7), Optional.empty(),
                times, false).phase());
        ContainerState running = ContainerStates.of("c", new RuntimeStatus("running", 7), Optional.empty(), times,
                false);
        assertEquals(Phase.RUNNING, running.phase());
        assertEquals(7, running.pid());
        assertEquals(Instant.parse("2024-01-01T00:00:01Z"), running.startedAt());
        ContainerState lost = ContainerStates.of("c", RuntimeStatus.UNKNOWN, Optional.empty(), times, false);
        assertEquals(Phase.UNKNOWN, lost.phase());
        assertTrue(lost.message().contains("c"));
    }

    @Test
    void anEndNotedWithoutTheMonitorIsExitedWithAnUnknownCodeAndSaysWhy(@TempDir Path dir) throws Exception {
        assertEquals(Optional.empty(), ExitRecord.readNote(dir.resolve("ended-without-monitor")));
        Path note = Files.createFile(dir.resolve("ended-without-monitor"));
        ExitRecord noted = ExitRecord.readNote(note).orElseThrow();
        assertTrue(noted.monitorLost());
        assertEquals(Files.getLastModifiedTime(note).toInstant(), noted.at());

        ContainerState s = ContainerStates.of("c", RuntimeStatus.UNKNOWN, Optional.of(noted), times, false);

        assertEquals(Phase.EXITED, s.phase());
        assertEquals(255, s.exitCode());
        assertEquals("Error", s.reason());
        assertEquals(noted.at(), s.finishedAt());
        assertEquals("container c ended after its monitor (conmon) was gone: its exit code is unknown", s.message());
        assertEquals("OOMKilled", ContainerStates.of("c", RuntimeStatus.UNKNOWN, Optional.of(noted), times, true)
                .reason());
    }

    @Test
    void conmonsSyncMessageGivesThePidOrRuncsError() {
        assertEquals(42, SyncMessage.parse("{\"data\": 42}").pid());
        SyncMessage failed = SyncMessage.parse("{\"data\": -1, \"message\": \"time=\\\"x\\\" level=error "
                + "msg=\\\"runc create failed: exec: \\\\\\\"/nope\\\\\\\": no such file\\\"\\n\"}");
        assertTrue(failed.failed());
        assertEquals("runc create failed: exec: \"/nope\": no such file", failed.error());
        assertTrue(SyncMessage.parse(null).failed());
    }

    @Test
    void exitFilesHoldACode(@TempDir Path dir) throws Exception {
        assertEquals(Optional.empty(), ExitRecord.read(dir.resolve("none")));
        Files.writeString(dir.resolve("c"), "137");
        assertEquals(137, ExitRecord.read(dir.resolve("c")).orElseThrow().exitCode());
    }

    @Test
    void outputPastTheCapIsDroppedNotKept() {
        InputStream big = new InputStream() {
            private long left = 50_000_000;

            @Override
            public int read() {
                return left-- > 0 ? 'y' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                left -= n;
                java.util.Arrays.fill(b, off, off + n, (byte) 'y');
                return n;
            }
        };
        BoundedOutput out = new BoundedOutput(10).drain(big);
        assertEquals(10, out.bytes().length);
        assertTrue(out.truncated());
        BoundedOutput small = new BoundedOutput(10).drain(new ByteArrayInputStream("hi\n".getBytes()));
        assertArrayEquals("hi\n".getBytes(), small.bytes());
        assertFalse(small.truncated());
    }

    @Test
    void oomScoreIsRaisedToWhatTheKernelAllows() {
        OomScoreLimit limit = new OomScoreLimit(0);
        assertEquals(0, limit.clamp(-999));
        assertEquals(500, limit.clamp(500));
        assertEquals(null, limit.clamp(null));
    }

    @Test
    void oomKillsAreReadFromTheMemoryCgroup(@TempDir Path dir) throws Exception {
        Path cg = Files.createDirectories(dir.resolve("memory/pod/c"));
        Files.writeString(cg.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        OomEvidence evidence = new OomEvidence(dir);
        assertTrue(evidence.seen(dir.resolve("no-marker"), "/pod/c"));
        assertFalse(evidence.seen(dir.resolve("no-marker"), "/pod/other"));
        assertFalse(evidence.seen(dir.resolve("no-marker"), "/../../etc"));
    }

    @Test
    void featuresComeFromRuncFeatures() throws Exception {
        var f = RuntimeStats.features("{\"mountOptions\":[\"ro\",\"rro\"],\"linux\":{\"namespaces\":[\"user\"],"
                + "\"mountExtensions\":{\"idmap\":{\"enabled\":true}}}}");
        assertTrue(f.recursiveReadOnlyMounts());
        assertTrue(f.userNamespaces());
        var usage = RuntimeStats.usage("{\"type\":\"stats\",\"data\":{\"cpu\":{\"usage\":{\"total\":5}},"
                + "\"memory\":{\"usage\":{\"usage\":100},\"stats\":{\"total_inactive_file\":30}}}}", Instant.EPOCH);
        assertEquals(5, usage.cpuNanos());
        assertEquals(70, usage.memoryWorkingSetBytes());
    }

    @Test
    void eventsStatsGiveTheMemoryDetailsUnderEitherCgroupVersionsNames() throws Exception {
        var v1 = RuntimeStats.usage("{\"data\":{\"cpu\":{\"usage\":{\"total\":9,\"user\":6,\"kernel\":3}},"
                + "\"memory\":{\"usage\":{\"usage\":100,\"limit\":9223372036854771712},"
                + "\"stats\":{\"total_rss\":60,\"total_cache\":40,\"rss\":1}}}}", Instant.EPOCH);
        assertEquals(6, v1.cpuUserNanos());
        assertEquals(3, v1.cpuSystemNanos());
        assertEquals(60, v1.memoryRssBytes());
        assertEquals(40, v1.memoryCacheBytes());
        assertEquals(0, v1.memoryLimitBytes(), "v1's no-limit");
        var v2 = RuntimeStats.usage("{\"data\":{\"memory\":{\"usage\":{\"usage\":100,\"limit\":4096},"
                + "\"stats\":{\"anon\":70,\"file\":20}}}}", Instant.EPOCH);
        assertEquals(70, v2.memoryRssBytes());
        assertEquals(20, v2.memoryCacheBytes());
        assertEquals(4096, v2.memoryLimitBytes());
    }
}
