package dev.orca.runtime.crio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch as a whole, on real files, with handler configurations kept in memory. */
class CrioRuntimeTablesTest {

    @TempDir
    Path dir;
    private Path dropIns;
    private final InMemoryHandlerStore store = new InMemoryHandlerStore();
    private CrioRuntimeTables tables;

    @BeforeEach
    void start() throws Exception {
        dropIns = Files.createDirectories(dir.resolve("crio.conf.d"));
        Files.writeString(dir.resolve("crio.conf"),
                "[crio.runtime.runtimes.runc]\nruntime_path = \"/usr/sbin/runc\"\n");
        ExecutableSearch path = name -> Optional.of(Path.of("/usr/bin", name));
        // the first look is made at once; the next ones are far beyond the test, which looks itself
        tables = new CrioRuntimeTables(new CrioConfigFiles(dir.resolve("crio.conf"), dropIns), path, store,
                Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        tables.deactivate();
    }

    /** Two looks: a change is applied once the files read the same twice. */
    private void settle() {
        tables.poll();
        tables.poll();
    }

    @Test
    void theFirstLookAppliesAtOnceLaterChangesOnceTheyReadTheSameTwice() throws Exception {
        assertEquals(List.of("runc"), List.copyOf(store.ours().keySet()));

        Files.writeString(dir.resolve("crio.conf"), ""); // caught while an editor rewrites it
        tables.poll();
        Files.writeString(dir.resolve("crio.conf"), "[crio.runtime.runtimes.runc]\nruntime_root = \"/r\"\n");
        tables.poll();
        assertEquals(List.of("put runc"), store.writes, "nothing applied while the file changed between looks");
        assertEquals(null, store.ours().get("runc").get("runtime.root"));

        tables.poll();
        assertEquals(List.of("put runc", "put runc"), store.writes, "never withdrawn on the way");
        assertEquals("/r", store.ours().get("runc").get("runtime.root"));
    }

    @Test
    void aDropInAddsAHandlerAndDeletingItWithdrawsIt() throws Exception {
        Files.writeString(dropIns.resolve("10-crun.conf"), "[crio.runtime.runtimes.crun]\n");
        settle();
        assertEquals(List.of("crun", "runc"), store.ours().keySet().stream().sorted().toList());
        assertEquals("/usr/bin/crun", store.ours().get("crun").get("runtime.path"));

        Files.delete(dropIns.resolve("10-crun.conf"));
        settle();
        assertEquals(List.of("runc"), List.copyOf(store.ours().keySet()));
    }

    @Test
    void aMalformedDropInChangesNothingAndIsReportedUntilFixed() throws Exception {
        Files.writeString(dropIns.resolve("10-crun.conf"), "[crio.runtime.runtimes.crun]\n");
        settle();
        store.writes.clear();

        Files.writeString(dropIns.resolve("10-crun.conf"), "[crio.runtime.runtimes.crun]\nruntime_path = \"/x\n");
        Files.delete(dir.resolve("crio.conf"));
        settle();

        assertEquals(List.of(), store.writes, "nothing changed: runc stays although crio.conf is gone");
        assertTrue(tables.problem().startsWith(dropIns.resolve("10-crun.conf") + ", line 2, column "),
                tables.problem());
        assertTrue(tables.crio().contains("problem: " + tables.problem()), tables.crio());

        Files.writeString(dropIns.resolve("10-crun.conf"), "[crio.runtime.runtimes.crun]\nruntime_path = \"/x\"\n");
        settle();
        assertEquals("", tables.problem());
        assertEquals(List.of("crun"), List.copyOf(store.ours().keySet()));
        assertEquals("/x", store.ours().get("crun").get("runtime.path"));
    }

    @Test
    void anEditChangesOnlyTheEditedHandler() throws Exception {
        Files.writeString(dropIns.resolve("10-crun.conf"), "[crio.runtime.runtimes.crun]\n");
        settle();
        store.writes.clear();

        Files.writeString(dropIns.resolve("10-crun.conf"), "[crio.runtime.runtimes.crun]\nruntime_root = \"/r\"\n");
        settle();

        assertEquals(List.of("put crun"), store.writes);
        assertEquals("/r", store.ours().get("crun").get("runtime.root"));
    }

    @Test
    void theStatusNamesTheHandlersAndTheDefault() throws Exception {
        Files.writeString(dropIns.resolve("00-default.conf"), "[crio.runtime]\ndefault_runtime = \"runc\"\n");
        settle();

        assertTrue(tables.crio().contains("handler runc: /usr/sbin/runc (default)"), tables.crio());
        assertEquals(true, store.ours().get("runc").get("orca.runtime.default"));
    }
}
