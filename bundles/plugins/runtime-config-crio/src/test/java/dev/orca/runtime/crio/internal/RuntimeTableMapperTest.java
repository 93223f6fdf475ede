package dev.orca.runtime.crio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeTableMapperTest {

    private static final Path FILE = Path.of("/orca/conf/crio.conf.d/10-crun.conf");
    /** A PATH holding crun and conmon, in /usr/bin. */
    private static final ExecutableSearch PATH = name -> List.of("crun", "conmon").contains(name)
            ? Optional.of(Path.of("/usr/bin", name)) : Optional.empty();

    private static HandlerPlan map(String toml) throws MalformedConfigException {
        CrioConfigDocument document = new CrioConfigParser().parse(new ConfigText(FILE, toml));
        return new RuntimeTableMapper(PATH).map(new CrioConfigMerger().merge(List.of(document)));
    }

    @Test
    void everyKeyOrcaUsesBecomesAHandlerConfigurationProperty() throws Exception {
        HandlerPlan plan = map("""
                [crio.runtime]
                default_runtime = "crun"
                [crio.runtime.runtimes.crun]
                runtime_path = "/opt/crun/bin/crun"
                runtime_root = "/run/crun"
                runtime_type = "oci"
                monitor_path = "/opt/conmon"
                allowed_annotations = ["run.oci.*"]
                privileged_without_host_devices = true
                """);

        Map<String, Object> crun = plan.configurations().get("crun");
        assertEquals("crun", crun.get("orca.runtime.handler"));
        assertEquals(true, crun.get("orca.runtime.default"));
        assertEquals("/opt/crun/bin/crun", crun.get("runtime.path"));
        assertEquals("/run/crun", crun.get("runtime.root"));
        assertEquals("oci", crun.get("runtime.type"));
        assertEquals("/opt/conmon", crun.get("monitor.path"));
        assertArrayEquals(new String[] {"run.oci.*"}, (String[]) crun.get("allowed.annotations"));
        assertEquals(true, crun.get("privileged.without.host.devices"));
        assertEquals(-1, crun.get("service.ranking"));
        assertEquals("dev.orca.runtime.crio", crun.get("orca.config.origin"));
        assertEquals(FILE.toString(), crun.get("orca.config.source"));
        assertTrue(plan.refused().isEmpty(), plan.refused().toString());
    }

    @Test
    void anEmptyRuntimePathIsTheTableNameInPathAndTheMonitorIsConmonFromPath() throws Exception {
        HandlerPlan plan = map("[crio.runtime.runtimes.crun]\nruntime_path = \"\"\n");

        Map<String, Object> crun = plan.configurations().get("crun");
        assertEquals("/usr/bin/crun", crun.get("runtime.path"));
        assertEquals("/usr/bin/conmon", crun.get("monitor.path"));
        assertEquals(false, crun.get("orca.runtime.default"));
        assertFalse(crun.containsKey("runtime.root"), "the handler's own default root");
    }

    @Test
    void aRuntimeNotInPathIsRefusedAndTheOthersServed() throws Exception {
        HandlerPlan plan = map("[crio.runtime.runtimes.youki]\n[crio.runtime.runtimes.crun]\n");

        assertEquals(List.of("crun"), List.copyOf(plan.configurations().keySet()));
        assertEquals(1, plan.refused().size());
        assertTrue(plan.refused().get(0).contains("[crio.runtime.runtimes.youki] of " + FILE
                + ": runtime_path is not set and \"youki\" is not found in PATH"), plan.refused().get(0));
    }

    @Test
    void aRuntimeTypeOtherThanOciIsRefusedForThatTable() throws Exception {
        HandlerPlan plan = map("[crio.runtime.runtimes.kata]\nruntime_path = \"/usr/bin/containerd-shim-kata-v2\"\n"
                + "runtime_type = \"vm\"\n");

        assertTrue(plan.configurations().isEmpty());
        assertTrue(plan.refused().get(0).contains("runtime_type \"vm\" is not supported"), plan.refused().get(0));
    }

    @Test
    void aNameThatCannotBeAHandlerIsRefused() throws Exception {
        HandlerPlan plan = map("[crio.runtime.runtimes.\"../escape\"]\nruntime_path = \"/usr/bin/crun\"\n");

        assertTrue(plan.configurations().isEmpty());
        assertTrue(plan.refused().get(0).contains("cannot be a RuntimeClass handler name"), plan.refused().get(0));
    }

    @Test
    void keysOrcaDoesNotUseAreNotedAndADanglingDefaultIsSaid() throws Exception {
        HandlerPlan plan = map("""
                [crio.runtime]
                default_runtime = "runc"
                [crio.runtime.runtimes.crun]
                runtime_path = "/usr/bin/crun"
                runtime_config_path = "/etc/crun.toml"
                monitor_env = ["PATH=/usr/bin"]
                """);

        assertEquals(false, plan.configurations().get("crun").get("orca.runtime.default"));
        assertTrue(plan.notes().contains(
                "[crio.runtime.runtimes.crun]: monitor_env, runtime_config_path not used by Orca; ignored"),
                plan.notes().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("default_runtime \"runc\"")),
                plan.notes().toString());
    }
}
