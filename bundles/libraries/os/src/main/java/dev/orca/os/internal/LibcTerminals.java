package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import dev.orca.os.PseudoTerminal;
import dev.orca.os.SystemCallException;
import dev.orca.os.Terminals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;

/** posix_openpt(3), grantpt(3), unlockpt(3) and ptsname_r(3) through libc. */
@Component(service = Terminals.class)
public final class LibcTerminals implements Terminals {

    @Override
    public PseudoTerminal open() throws IOException {
        Descriptors libc = Descriptors.instance();
        int master;
        try {
            master = libc.posix_openpt(Descriptors.O_RDWR | Descriptors.O_NOCTTY | Descriptors.O_NONBLOCK
                    | Descriptors.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("posix_openpt", e);
        }
        try {
            libc.grantpt(master);
            libc.unlockpt(master);
            byte[] name = new byte[128];
            int error = libc.ptsname_r(master, name, new NativeLong(name.length));
            if (error != 0) {
                throw new SystemCallException("ptsname_r(" + master + ")", error, "cannot name the terminal's slave");
            }
            int length = 0;
            while (length < name.length && name[length] != 0) {
                length++;
            }
            Path slave = Path.of(new String(name, 0, length, StandardCharsets.US_ASCII));
            // Held open here (without becoming this process's controlling terminal) so the master does not hang up
            // before the child has opened the slave, nor between two holders.
            int slaveFd = libc.open(NativeStrings.path(slave), Descriptors.O_RDWR | Descriptors.O_NOCTTY
                    | Descriptors.O_CLOEXEC);
            try {
                makeRaw(libc, slaveFd);
            } catch (LastErrorException e) {
                libc.close(slaveFd);
                throw e;
            }
            return new LibcPseudoTerminal(master, slaveFd, slave);
        } catch (LastErrorException e) {
            libc.close(master);
            throw NativeStrings.failure("opening a pseudo-terminal", e);
        } catch (IOException | RuntimeException e) {
            libc.close(master);
            throw e;
        }
    }

    @Override
    public dev.orca.os.ConsoleSocket consoleSocket(Path path) throws IOException {
        return LibcConsoleSocket.bind(path);
    }

    /**
     * Raw from the start: the child (runc exec --tty) relays to the container's own terminal, which echoes and edits
     * lines; runc makes this one raw too, but only once it runs, and what was typed or printed before that was
     * echoed twice and had its newlines doubled.
     */
    private static void makeRaw(Descriptors libc, int fd) {
        Memory termios = new Memory(Descriptors.TERMIOS_SIZE);
        termios.clear();
        libc.tcgetattr(fd, termios);
        libc.cfmakeraw(termios);
        libc.tcsetattr(fd, Descriptors.TCSANOW, termios);
    }
}
