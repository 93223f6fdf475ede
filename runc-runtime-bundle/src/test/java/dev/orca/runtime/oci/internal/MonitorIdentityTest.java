package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorIdentityTest {

    private static final Path CONMON = Path.of("/usr/bin/conmon");
    private static final Optional<String> RUNS_CONMON = Optional.of("/usr/bin/conmon");
    private static final OptionalLong STARTED = OptionalLong.of(3_520_117);

    @Test
    void aConmonThatStartedWhenTheRecordSaysIsTheMonitor() {
        assertTrue(MonitorIdentity.isTheMonitor(RUNS_CONMON, STARTED, CONMON, STARTED));
    }

    @Test
    void aLaterConmonGivenTheSamePidIsNot() {
        assertFalse(MonitorIdentity.isTheMonitor(RUNS_CONMON, OptionalLong.of(3_520_118), CONMON, STARTED));
        assertFalse(MonitorIdentity.isTheMonitor(RUNS_CONMON, OptionalLong.empty(), CONMON, STARTED),
                "a start that cannot be read is not the recorded one");
    }

    @Test
    void anotherProgramIsNotWhateverItsStart() {
        assertFalse(MonitorIdentity.isTheMonitor(Optional.of("/usr/bin/sleep"), STARTED, CONMON, STARTED));
        assertFalse(MonitorIdentity.isTheMonitor(Optional.empty(), STARTED, CONMON, OptionalLong.empty()));
    }

    @Test
    void withoutARecordedStartTheCommandDecides() {
        assertTrue(MonitorIdentity.isTheMonitor(RUNS_CONMON, OptionalLong.empty(), CONMON, OptionalLong.empty()));
    }

    @Test
    void theRecordIsReadBackAndAMissingOrGarbledOneIsNone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("conmon.started");
        assertEquals(OptionalLong.empty(), MonitorIdentity.recordedStart(file));
        Files.writeString(file, "3520117\n");
        assertEquals(STARTED, MonitorIdentity.recordedStart(file));
        Files.writeString(file, "yesterday");
        assertEquals(OptionalLong.empty(), MonitorIdentity.recordedStart(file));
    }

    @Test
    void thisProcessHasAStartAndAPidWithNoProcessHasNone() {
        assertTrue(MonitorIdentity.startOf(ProcessHandle.current().pid()).isPresent());
        assertTrue(MonitorIdentity.startOf(Long.MAX_VALUE).isEmpty());
    }
}
