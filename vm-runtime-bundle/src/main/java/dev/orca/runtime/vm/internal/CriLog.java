package dev.orca.runtime.vm.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A container's CRI log file, written as conmon writes it: one line per line of output,
 * {@code TIMESTAMP STREAM F text} for a whole line and {@code P} for a piece (output that did not end a line yet, or
 * a line cut at {@link #MAX_LINE} bytes), the timestamp RFC 3339 with nanoseconds in the node's time zone.
 */
final class CriLog implements AutoCloseable {

    static final int MAX_LINE = 16 * 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Path path;
    private final Clock clock;
    private OutputStream out;

    CriLog(Path path, Clock clock) throws IOException {
        this.path = path;
        this.clock = clock;
        open();
    }

    private void open() throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        out = new FileOutputStream(path.toFile(), true);
    }

    /** Writes what a stream ({@code stdout} or {@code stderr}) produced. */
    synchronized void write(String stream, byte[] bytes) throws IOException {
        String time = ZonedDateTime.now(clock).format(TIME);
        StringBuilder lines = new StringBuilder();
        int start = 0;
        while (start < bytes.length) {
            int newline = indexOf(bytes, (byte) '\n', start, Math.min(bytes.length, start + MAX_LINE));
            boolean whole = newline >= 0;
            int end = whole ? newline : Math.min(bytes.length, start + MAX_LINE);
            lines.setLength(0);
            lines.append(time).append(' ').append(stream).append(whole ? " F " : " P ");
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes, start, end - start);
            out.write('\n');
            start = whole ? newline + 1 : end;
        }
        out.flush();
    }

    /** Opens the file again by its path (after the kubelet rotated it). */
    synchronized void reopen() throws IOException {
        out.close();
        open();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
