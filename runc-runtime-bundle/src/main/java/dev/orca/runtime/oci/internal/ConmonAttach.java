package dev.orca.runtime.oci.internal;

import dev.orca.os.ChunkPipe;
import dev.orca.os.SeqPacketSocket;
import dev.orca.spi.InteractiveProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * Attached to a container through its conmon's attach socket ({@code SOCK_SEQPACKET}): each message conmon sends is
 * one byte naming the stream (2 stdout, 3 stderr) and the bytes the container wrote; what is sent is the container's
 * stdin, and shutting the socket's output down closes it (unless conmon was told to leave stdin open). A resize is
 * the line {@code 1 ROWS COLUMNS} on conmon's control fifo.
 */
final class ConmonAttach implements InteractiveProcess {

    static final int STDOUT = 2;
    static final int STDERR = 3;
    /** conmon sends at most its 8 KiB buffer and the stream byte. */
    private static final int MESSAGE = 32 * 1024;

    private final SeqPacketSocket socket;
    private final Path controlFifo;
    private final IntSupplier exitCode;
    private final ChunkPipe stdout = new ChunkPipe();
    private final ChunkPipe stderr = new ChunkPipe();
    private final Thread demultiplexer;
    private volatile boolean detached;

    /** @param exitCode asked once the socket ends: the container's exit code */
    ConmonAttach(SeqPacketSocket socket, Path controlFifo, IntSupplier exitCode, String containerId) {
        this.socket = socket;
        this.controlFifo = controlFifo;
        this.exitCode = exitCode;
        this.demultiplexer = new Thread(this::demultiplex, "orca-attach-" + containerId.substring(0,
                Math.min(12, containerId.length())));
        demultiplexer.setDaemon(true);
        demultiplexer.start();
    }

    private void demultiplex() {
        byte[] buffer = new byte[MESSAGE];
        try {
            int n;
            while ((n = socket.receive(buffer)) >= 0) {
                if (n < 1) {
                    continue;
                }
                if (buffer[0] == STDOUT) {
                    stdout.feed(buffer, 1, n - 1);
                } else if (buffer[0] == STDERR) {
                    stderr.feed(buffer, 1, n - 1);
                }
            }
        } catch (IOException e) {
            // the socket failed or was closed: the streams end
        } finally {
            stdout.end();
            stderr.end();
        }
    }

    @Override
    public OutputStream stdin() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                // conmon reads at most 8 KiB a message
                for (int done = 0; done < length; done += 8192) {
                    socket.send(data, offset + done, Math.min(8192, length - done));
                }
            }

            @Override
            public void close() throws IOException {
                socket.shutdownOutput();
            }
        };
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public void resize(int columns, int rows) throws IOException {
        try (RandomAccessFile ctl = new RandomAccessFile(controlFifo.toFile(), "rw")) {
            ctl.write(("1 " + rows + " " + columns + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Waits for the container's end (conmon closes the socket then); -1 when detached before. */
    @Override
    public int waitFor() throws InterruptedException {
        demultiplexer.join();
        return detached ? -1 : exitCode.getAsInt();
    }

    @Override
    public void close() {
        detached = detached || demultiplexer.isAlive();
        socket.close();
    }
}
