package dev.orca.runtime.crio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrioConfigMergerTest {

    private static final Path MAIN = Path.of("/etc/crio/crio.conf");
    private static final Path FIRST = Path.of("/etc/crio/crio.conf.d/10-runtimes.conf");
    private static final Path LATER = Path.of("/etc/crio/crio.conf.d/20-crun.conf");

    private static MergedCrioConfig merge(ConfigText... texts) throws MalformedConfigException {
        List<CrioConfigDocument> documents = new ArrayList<>();
        for (ConfigText text : texts) {
            documents.add(new CrioConfigParser().parse(text));
        }
        return new CrioConfigMerger().merge(documents);
    }

    @Test
    void aLaterDropInReplacesTheKeysItNamesAndKeepsTheOthers() throws Exception {
        MergedCrioConfig merged = merge(
                new ConfigText(FIRST, """
                        [crio.runtime.runtimes.crun]
                        runtime_path = "/usr/local/bin/crun"
                        runtime_root = "/run/crun"
                        """),
                new ConfigText(LATER, """
                        [crio.runtime.runtimes.crun]
                        runtime_path = "/usr/bin/crun"
                        """));

        RuntimeTable crun = merged.tables().get("crun");
        assertEquals(Optional.of("/usr/bin/crun"), crun.string(RuntimeKey.RUNTIME_PATH));
        assertEquals(Optional.of("/run/crun"), crun.string(RuntimeKey.RUNTIME_ROOT));
        assertEquals(List.of(FIRST, LATER), crun.sources());
        assertEquals(1, merged.overrides().size());
        String override = merged.overrides().get(0);
        assertTrue(override.contains(LATER + " overrides runtime_path set by [" + FIRST + "]"), override);
    }

    @Test
    void tablesOfDifferentFilesAddUpAndTheLastDefaultRuntimeCounts() throws Exception {
        MergedCrioConfig merged = merge(
                new ConfigText(MAIN, "[crio.runtime]\ndefault_runtime = \"runc\"\n"
                        + "[crio.runtime.runtimes.runc]\nruntime_path = \"/usr/sbin/runc\"\n"),
                new ConfigText(LATER, "[crio.runtime]\ndefault_runtime = \"crun\"\n"
                        + "[crio.runtime.runtimes.crun]\n"));

        assertEquals(List.of("crun", "runc"), List.copyOf(merged.tables().keySet()));
        assertEquals(Optional.of("crun"), merged.defaultRuntime());
        assertEquals(Optional.of(LATER), merged.defaultRuntimeSource());
        assertTrue(merged.overrides().isEmpty(), merged.overrides().toString());
    }
}
