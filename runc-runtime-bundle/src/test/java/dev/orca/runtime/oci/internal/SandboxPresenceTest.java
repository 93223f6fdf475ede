package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.SandboxInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runc sandbox still runs while its record and pinned namespace files are there; a reboot takes them. */
class SandboxPresenceTest {

    @TempDir
    Path runRoot;

    private OciSandboxes sandboxes() {
        return new OciSandboxes(runRoot, null, null, null);
    }

    private Path recorded(String id) throws IOException {
        Path dir = Files.createDirectories(runRoot.resolve("sandboxes").resolve(id));
        Path net = Files.createDirectories(dir.resolve("ns")).resolve("net");
        Files.writeString(net, "");
        SandboxInfo info = new SandboxInfo(id, Map.of("network", net), null, null, null, null, "/orca/pod-" + id);
        Files.write(dir.resolve("sandbox.json"), new ObjectMapper().writeValueAsBytes(
                new OciSandboxes.Record(info, false)));
        return net;
    }

    @Test
    void aRecordedSandboxWithItsNamespacesRuns() throws IOException {
        recorded("a");
        assertTrue(sandboxes().exists("a"));
    }

    @Test
    void aSandboxWhoseRunRootWasEmptiedDoesNotRun() {
        assertFalse(sandboxes().exists("gone"));
    }

    @Test
    void aSandboxWhosePinnedNamespaceIsGoneDoesNotRun() throws IOException {
        Files.delete(recorded("b"));
        assertFalse(sandboxes().exists("b"));
    }

    @Test
    void anUnreadableRecordSaysNothingAgainstTheSandbox() throws IOException {
        recorded("c");
        Files.writeString(runRoot.resolve("sandboxes/c/sandbox.json"), "{not json");
        assertTrue(sandboxes().exists("c"));
    }

    @Test
    void theRecordIsReadOnceAndThePinnedNamespacesAtEveryLook() throws Exception {
        OciSandboxes sandboxes = sandboxes();
        Path net = recorded("d");
        assertTrue(sandboxes.exists("d"));

        writeRecord("d", runRoot.resolve("elsewhere/net"));
        assertTrue(sandboxes.exists("d"), "a record does not change once written: it is not read again");
        Files.delete(net);
        assertFalse(sandboxes.exists("d"));
    }

    @Test
    void aSandboxLostWithTheRunRootIsForgottenWhenRemoved() throws Exception {
        OciSandboxes sandboxes = sandboxes();
        recorded("e");
        assertTrue(sandboxes.exists("e"));
        dev.orca.os.FileTrees.delete(runRoot.resolve("sandboxes/e"));
        assertFalse(sandboxes.exists("e"));

        sandboxes.remove("e");
        Files.createDirectories(runRoot.resolve("sandboxes/e/ns"));
        Files.writeString(runRoot.resolve("sandboxes/e/ns/net"), "");
        writeRecord("e", runRoot.resolve("elsewhere/net"));
        assertFalse(sandboxes.exists("e"), "the record written after the removal is the one read");
    }

    private void writeRecord(String id, Path net) throws IOException {
        SandboxInfo info = new SandboxInfo(id, Map.of("network", net), null, null, null, null, "/orca/pod-" + id);
        Files.write(runRoot.resolve("sandboxes").resolve(id).resolve("sandbox.json"),
                new ObjectMapper().writeValueAsBytes(new OciSandboxes.Record(info, false)));
    }
}
