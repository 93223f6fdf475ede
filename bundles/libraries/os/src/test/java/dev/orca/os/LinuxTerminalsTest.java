package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinuxTerminalsTest {

    @Test
    void aChildOnTheTerminalSeesItsSizeAndItsOutputArrivesThenEnds() throws Exception {
        try (PseudoTerminal terminal = Linux.terminals().open()) {
            assertTrue(terminal.slave().toString().startsWith("/dev/pts/"), terminal.slave().toString());
            terminal.resize(91, 17);
            Process child = new ProcessBuilder("/bin/sh", "-c", "exec <>\"$0\" >&0 2>&0; stty size; read line;"
                    + " echo got $line", terminal.slave().toString()).start();
            terminal.input().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            terminal.close();
            String output = readAll(terminal.output());
            assertTrue(output.contains("17 91"), output);
            assertTrue(output.contains("got hello"), output);
        }
    }

    @Test
    void theTerminalIsRawFromTheStartSoNothingIsEchoedOrTranslated() throws Exception {
        try (PseudoTerminal terminal = Linux.terminals().open()) {
            terminal.input().write("typed early\n".getBytes(StandardCharsets.US_ASCII));
            Process child = new ProcessBuilder("/bin/sh", "-c", "exec <>\"$0\" >&0 2>&0; stty -a; read line;"
                    + " echo got $line", terminal.slave().toString()).start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            terminal.close();
            String output = readAll(terminal.output());
            assertTrue(output.contains("-echo ") && output.contains("-icanon") && output.contains("-opost"), output);
            assertTrue(output.endsWith("got typed early\n"), output);
            assertEquals(1, output.split("typed early", -1).length - 1, "echoed: " + output);
        }
    }

    @Test
    void outputEndsAfterCloseEvenWhenNothingWasPrinted() throws Exception {
        PseudoTerminal terminal = Linux.terminals().open();
        terminal.close();
        assertEquals(-1, terminal.output().read(new byte[16], 0, 16));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
