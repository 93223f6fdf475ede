package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orca shell}: root gets the daemon's Gogo shell over its socket; nobody else does. */
class ShellIT {

    @TempDir
    static Path dir;
    static OrcaDaemon orca;

    @BeforeAll
    static void start() throws Exception {
        orca = new OrcaDaemon(dir).start();
        // The shipped runc handler arrives through deploy/ a moment after the socket answers.
        new CriPods(orca, "", dir).awaitDefaultHandler();
    }

    @AfterAll
    static void stop() throws Exception {
        orca.close();
    }

    private record Result(int exit, String output) {
    }

    private static Result shell(List<String> prefix, String input) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(orca.home().resolve("bin/orca").toString());
        command.add("shell");
        command.add("--shell-socket");
        command.add(orca.shellSocket().toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    @Test
    void rootRunsOrcaAndFrameworkCommands() throws Exception {
        Result result = shell(List.of(), "orca:handlers\nlb\nexit\n");

        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().matches("(?s).*runc +yes +dev\\.orca\\.runtime\\.oci \\[\\d+].*"),
                "the shipped runc handler is the default: " + result.output());
        assertTrue(result.output().contains("Orca core"), result.output());
    }

    @Test
    void aCommandErrorIsShownAndTheSessionGoesOn() throws Exception {
        Result result = shell(List.of(), "no:such-command\norca:handlers\n");

        assertTrue(result.output().contains("error: "), result.output());
        assertTrue(result.output().contains("HANDLER"), result.output());
    }

    @Test
    void anotherUserIsRefusedBySocketMode() throws Exception {
        // Open the directories on the way, so that only the socket's own mode (0600) stands in the way.
        for (Path p = orca.shellSocket().getParent(); p.startsWith(dir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(orca.shellSocket())));

        Result result = shell(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"),
                "orca:handlers\n");

        assertEquals(1, result.exit(), result.output());
        assertTrue(result.output().contains("cannot connect to " + orca.shellSocket()), result.output());
    }
}
