package dev.orca.runtime.crio.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.orca.testkit.fuzz.FuzzBudget;
import dev.orca.testkit.fuzz.TextMutations;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * crio.conf and drop-ins mutated from one with every key Orca reads, parsed, merged and mapped to handler
 * configurations: each gives a plan or a {@link MalformedConfigException} naming the file (and a malformed file
 * changes nothing), never another exception.
 */
@AddLifecycleHook(FuzzBudget.class)
class CrioConfigFuzzTest {

    static final String SEED = """
            [crio.runtime]
            default_runtime = "crun"
            [crio.runtime.runtimes.crun]
            runtime_path = "/opt/crun/bin/crun"
            runtime_root = "/run/crun"
            runtime_type = "oci"
            monitor_path = "/opt/conmon"
            allowed_annotations = ["run.oci.*"]
            privileged_without_host_devices = true
            [crio.runtime.runtimes.runc]
            runtime_type = "vm"
            """;
    static final List<String> KEYWORDS = List.of("[crio]", "[crio.runtime]", "[crio.runtime.runtimes.x]",
            "[crio.runtime.runtimes.\"a b\"]", "[crio.runtime.runtimes.\"../x\"]", "runtime_path = ",
            "runtime_type = ", "default_runtime = ", "allowed_annotations = ", "monitor_path = ", "\"oci\"", "\"\"",
            "[[crio.runtime.runtimes]]", "= 1", "= true", "= []", "= {}", "crio.runtime.runtimes.crun = 3");
    static final Path FILE = Path.of("/etc/crio/crio.conf.d/10-fuzz.conf");

    @Property(tries = 10000)
    void filesAreMappedOrRefused(@ForAll Random random) {
        String toml = TextMutations.mutate(SEED, random, KEYWORDS);
        try {
            CrioConfigDocument document = new CrioConfigParser().parse(new ConfigText(FILE, toml));
            MergedCrioConfig merged = new CrioConfigMerger().merge(List.of(document));
            HandlerPlan plan = new RuntimeTableMapper(name -> Optional.of(Path.of("/usr/bin", name))).map(merged);
            assertNotNull(plan.configurations());
        } catch (MalformedConfigException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        }
    }
}
