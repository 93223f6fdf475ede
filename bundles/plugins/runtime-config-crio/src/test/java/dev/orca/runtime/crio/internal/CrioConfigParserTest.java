package dev.orca.runtime.crio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrioConfigParserTest {

    private static final Path FILE = Path.of("/etc/crio/crio.conf.d/10-crun.conf");
    private final CrioConfigParser parser = new CrioConfigParser();

    private CrioConfigDocument parse(String toml) throws MalformedConfigException {
        return parser.parse(new ConfigText(FILE, toml));
    }

    @Test
    void readsTheRuntimeTablesAndTheDefaultOfACrioConf() throws Exception {
        CrioConfigDocument document = parse("""
                [crio]
                log_dir = "/var/log/crio/pods"
                [crio.image]
                pause_image = "registry.k8s.io/pause:3.9"
                [crio.runtime]
                default_runtime = "crun"
                [crio.runtime.runtimes.crun]
                runtime_path = "/usr/bin/crun"
                runtime_root = "/run/crun"
                allowed_annotations = ["io.kubernetes.cri-o.Devices", "run.oci.*"]
                privileged_without_host_devices = true
                [crio.runtime.runtimes."kata-qemu"]
                runtime_type = "vm"
                runtime_config_path = "/opt/kata/configuration.toml"
                """);

        assertEquals(FILE, document.file());
        assertEquals(Optional.of("crun"), document.defaultRuntime());
        assertEquals(List.of("crun", "kata-qemu"), List.copyOf(document.runtimes().keySet()));
        assertEquals("/usr/bin/crun", document.runtimes().get("crun").get("runtime_path").asText());
        assertTrue(document.runtimes().get("crun").get("privileged_without_host_devices").asBoolean());
        assertEquals("vm", document.runtimes().get("kata-qemu").get("runtime_type").asText());
    }

    @Test
    void aFileWithoutRuntimesSaysNothingAboutThem() throws Exception {
        CrioConfigDocument document = parse("[crio.network]\nnetwork_dir = \"/etc/cni/net.d\"\n");

        assertEquals(Optional.empty(), document.defaultRuntime());
        assertTrue(document.runtimes().isEmpty());
    }

    @Test
    void malformedTomlIsRefusedWithTheFileLineAndColumn() {
        MalformedConfigException e = assertThrows(MalformedConfigException.class, () -> parse("""
                [crio.runtime.runtimes.crun]
                runtime_path = "/usr/bin/crun"
                monitor_path = = "/usr/bin/conmon"
                """));

        assertEquals(3, e.line());
        assertTrue(e.column() > 0, "column " + e.column());
        assertTrue(e.getMessage().startsWith(FILE + ", line 3, column "), e.getMessage());
    }

    @Test
    void anUnterminatedStringIsRefusedAtItsLine() {
        MalformedConfigException e = assertThrows(MalformedConfigException.class,
                () -> parse("# crun\n\n[crio.runtime.runtimes.crun]\nruntime_path = \"/usr/bin/crun\n"));

        assertEquals(4, e.line());
    }

    @Test
    void aKeyOfTheWrongTypeIsRefusedNamingTableAndKey() {
        MalformedConfigException e = assertThrows(MalformedConfigException.class,
                () -> parse("[crio.runtime.runtimes.crun]\nallowed_annotations = \"run.oci.*\"\n"));

        assertTrue(e.getMessage().contains("[crio.runtime.runtimes.crun] allowed_annotations must be an array of"
                + " strings"), e.getMessage());
    }

    @Test
    void aRuntimeThatIsNotATableIsRefused() {
        MalformedConfigException e = assertThrows(MalformedConfigException.class,
                () -> parse("[crio.runtime.runtimes]\ncrun = \"/usr/bin/crun\"\n"));

        assertTrue(e.getMessage().contains("[crio.runtime.runtimes.crun] must be a table"), e.getMessage());
    }

    @Test
    void aDefaultRuntimeThatIsNotAStringIsRefused() {
        MalformedConfigException e = assertThrows(MalformedConfigException.class,
                () -> parse("[crio.runtime]\ndefault_runtime = 1\n"));

        assertTrue(e.getMessage().contains("default_runtime must be a string"), e.getMessage());
    }
}
