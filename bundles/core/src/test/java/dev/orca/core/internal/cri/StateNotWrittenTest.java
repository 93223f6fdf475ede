package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.cri.CriFailure.Kind;
import java.io.IOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** A record the core could not write: RESOURCE_EXHAUSTED when the disk is full, an internal failure otherwise. */
class StateNotWrittenTest {

    @Test
    void aFullDiskIsResourceExhaustedNamingTheRecordAndTheFile() {
        CriFailure full = RuntimeErrors.stateNotWritten("pod p1", new FileSystemException(
                "/var/lib/orca/state/pods/p1.json.tmp", null, "No space left on device"));
        assertEquals(Kind.RESOURCE_EXHAUSTED, full.kind());
        assertTrue(full.getMessage().startsWith("cannot record pod p1: the disk of Orca's state is full: ")
                && full.getMessage().contains("/var/lib/orca/state/pods/p1.json.tmp"), full.getMessage());
    }

    @Test
    void anyOtherFailureStaysInternal() {
        assertEquals(Kind.FAILED, RuntimeErrors.stateNotWritten("pod p1", new IOException("Input/output error"))
                .kind());
    }
}
