package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import dev.orca.os.PseudoTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The master side of a pseudo-terminal, with the slave held open too: the output ends when the terminal is closed,
 * after what is buffered has been read ({@link #output()} drains it for a short while after {@link #close()}).
 */
final class LibcPseudoTerminal implements PseudoTerminal {

    private static final NativeLong TIOCSWINSZ = new NativeLong(0x5414);
    /** After close, output keeps draining until the terminal has been quiet this long. */
    private static final int DRAIN_MILLIS = 50;

    private final PolledDescriptor master;
    /** The slave held open here; null for a terminal a runtime made and sent (its slave is the process's alone). */
    private final PolledDescriptor slaveHold;
    private final Path slave;
    private volatile boolean closing;

    LibcPseudoTerminal(int master, int slaveFd, Path slave) {
        this.master = new PolledDescriptor(master, "terminal " + slave + " (master)");
        this.slaveHold = slaveFd < 0 ? null : new PolledDescriptor(slaveFd, "terminal " + slave);
        this.slave = slave;
    }

    /** The master of a terminal a runtime made (non-blocking), named as its own devpts names it. */
    static LibcPseudoTerminal received(int master, Path name) {
        return new LibcPseudoTerminal(master, -1, name);
    }

    @Override
    public Path slave() {
        return slave;
    }

    @Override
    public InputStream output() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                while (true) {
                    boolean last = closing;
                    int n = master.read(buffer, offset, length, last ? DRAIN_MILLIS : 100);
                    if (n != PolledDescriptor.NOTHING_YET) {
                        return n;
                    }
                    if (last) {
                        master.close();
                        return -1;
                    }
                }
            }
        };
    }

    @Override
    public OutputStream input() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                master.write(data, offset, length);
            }
        };
    }

    @Override
    public void resize(int columns, int rows) throws IOException {
        master.with(fd -> {
            Memory size = new Memory(8);
            size.setShort(0, (short) rows);
            size.setShort(2, (short) columns);
            size.setShort(4, (short) 0);
            size.setShort(6, (short) 0);
            try {
                return Descriptors.instance().ioctl(fd, TIOCSWINSZ, size);
            } catch (LastErrorException e) {
                throw NativeStrings.failure("ioctl(" + slave + ", TIOCSWINSZ, " + columns + "x" + rows + ")", e);
            }
        });
    }

    /**
     * Releases the slave; the master follows once {@link #output()} has drained (or at once, when nobody reads it,
     * after {@link #DRAIN_MILLIS} more). Call it after the processes on the terminal have ended.
     */
    @Override
    public void close() {
        closing = true;
        if (slaveHold != null) {
            slaveHold.close();
        }
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(10L * DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            master.close();
        }, "orca-terminal-close");
        closer.setDaemon(true);
        closer.start();
    }
}
