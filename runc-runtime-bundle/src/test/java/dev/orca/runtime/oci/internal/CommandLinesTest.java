package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime's and conmon's command lines, without running them. */
class CommandLinesTest {

    private final RuntimeSettings runsc = new RuntimeSettings("gvisor", Path.of("/usr/bin/runsc"),
            Path.of("/run/runsc"), List.of("--platform=ptrace"), Path.of("/usr/bin/conmon"), Path.of("/run/o"));
    private final RuntimeCli cli = new RuntimeCli(runsc);

    @Test
    void everyRuntimeCallCarriesTheRootAndTheExtraArguments() {
        assertEquals(List.of("/usr/bin/runsc", "--root=/run/runsc", "--platform=ptrace", "kill", "c1", "SIGTERM"),
                cli.kill("c1", ""));
        assertEquals(List.of("/usr/bin/runsc", "--root=/run/runsc", "--platform=ptrace", "delete", "--force", "c1"),
                cli.delete("c1"));
        assertEquals(List.of("/usr/bin/runsc", "--root=/run/runsc", "--platform=ptrace", "update", "--resources",
                "-", "c1"), cli.update("c1"));
        assertEquals(List.of("/usr/bin/runsc", "--root=/run/runsc", "--platform=ptrace", "exec", "--process",
                "/p.json", "--pid-file", "/p", "--internal-pid-file", "/p.sandbox", "c1"),
                cli.exec("c1", Path.of("/p"), Path.of("/p.json")));
        assertEquals(List.of("/usr/bin/runsc", "--root=/run/runsc", "--platform=ptrace", "kill", "--pid=2", "c1",
                "KILL"), cli.killInSandbox("c1", 2));
    }

    @Test
    void signalsAreNamesOrNumbers() {
        assertEquals("SIGKILL", RuntimeCli.signalName("sigkill"));
        assertEquals("TERM", RuntimeCli.signalName("TERM"));
        assertEquals("9", RuntimeCli.signalName("9"));
        assertThrows(IllegalArgumentException.class, () -> RuntimeCli.signalName("--all"));
    }

    @Test
    void conmonGetsCriOsFlagsAndTheRuntimeArguments() {
        List<String> argv = new ConmonArgs(runsc, cli, new ContainerLayout(Path.of("/run/o")))
                .create("c1", Path.of("/var/log/pods/p/c/0.log"), true, true, false);

        String line = String.join(" ", argv);
        assertTrue(line.startsWith("/usr/bin/conmon --api-version 1 --sync -c c1 -u c1 -n c1 -r /usr/bin/runsc"
                + " -b /run/o/containers/c1 -p /run/o/containers/c1/pidfile --exit-dir /run/o/exits"
                + " --persist-dir /run/o/containers/c1 --socket-dir-path /run/o/sockets"
                + " -l k8s-file:/var/log/pods/p/c/0.log"), line);
        assertTrue(line.contains("--runtime-arg --root=/run/runsc --runtime-arg --platform=ptrace"), line);
        assertTrue(line.endsWith(" -i"), line);
    }

    @Test
    void badSettingsAreRefusedNamingTheHandler() {
        RuntimeSettings relative = new RuntimeSettings("runc", Path.of("runc"), Path.of("/r"), List.of(),
                Path.of("/usr/bin/conmon"), Path.of("/run/o"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, relative::validated);
        assertTrue(e.getMessage().contains("\"runc\"") && e.getMessage().contains("not an absolute path"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RuntimeSettings("Bad Name", Path.of("/bin/sh"),
                Path.of("/r"), List.of(), Path.of("/bin/sh"), Path.of("/run/o")).validated());
    }

    @Test
    void aMissingBinaryMakesTheHandlerUnavailableNamingIt() {
        RuntimeSettings missing = new RuntimeSettings("runc", Path.of("/no/runc"), Path.of("/r"), List.of(),
                Path.of("/bin/sh"), Path.of("/run/o")).validated();
        assertEquals("runtime binary /no/runc does not exist or is not executable", missing.missingBinary().get());
        RuntimeSettings present = new RuntimeSettings("runc", Path.of("/bin/sh"), Path.of("/r"), List.of(),
                Path.of("/bin/sh"), Path.of("/run/o"));
        assertTrue(present.missingBinary().isEmpty());
    }

    @Test
    void listSettingsTakeArraysAndOneSeparatedString() {
        assertEquals(List.of("--network=host", "--debug"), ListSetting.of(new String[] {"--network=host --debug"}));
        assertEquals(List.of("a", "b*", "c"), ListSetting.of(new String[] {"a, b*", "c"}));
        assertEquals(List.of(), ListSetting.of(new String[] {}));
    }
}
