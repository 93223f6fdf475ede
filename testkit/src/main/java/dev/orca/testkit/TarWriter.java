package dev.orca.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes the few kinds of POSIX ustar entries the test kit crafts layers from — directories, regular files and the
 * empty files that are OCI whiteouts — owned by root, with one fixed modification time so that the same content
 * always gives the same layer digest.
 */
final class TarWriter implements AutoCloseable {

    static final Instant MODIFIED = Instant.parse("2024-01-01T00:00:00Z");

    private static final int BLOCK = 512;
    private static final int NAME_LENGTH = 100;

    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    /** {@code name} without a trailing slash; the entry gets one, as tar does for directories. */
    void directory(String name, int mode) throws IOException {
        writeHeader(name + "/", mode, 0, '5');
    }

    void file(String name, int mode, byte[] content) throws IOException {
        writeHeader(name, mode, content.length, '0');
        out.write(content);
        pad(content.length);
    }

    /** A regular file of exactly {@code size} bytes read from {@code content}. */
    void file(String name, int mode, long size, InputStream content) throws IOException {
        writeHeader(name, mode, size, '0');
        byte[] buffer = new byte[1 << 16];
        long remaining = size;
        while (remaining > 0) {
            int read = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new IOException("content of " + name + " ended " + remaining + " bytes short of " + size);
            }
            out.write(buffer, 0, read);
            remaining -= read;
        }
        pad(size);
    }

    /** Hides {@code directory/name} of the layers below: an empty file named {@code directory/.wh.name}. */
    void whiteout(String directory, String name) throws IOException {
        file(directory + "/.wh." + name, 0644, new byte[0]);
    }

    /** Hides everything the layers below have in {@code directory}, keeping what this layer puts there. */
    void opaqueMarker(String directory) throws IOException {
        file(directory + "/.wh..wh..opq", 0644, new byte[0]);
    }

    /** Writes the two zero blocks that end an archive; does not close the underlying stream. */
    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private void writeHeader(String name, int mode, long size, char type) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > NAME_LENGTH) {
            throw new IllegalArgumentException("tar entry name \"" + name + "\" is longer than " + NAME_LENGTH
                    + " bytes");
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, MODIFIED.getEpochSecond());
        header[156] = (byte) type;
        ascii(header, 257, "ustar\0");
        ascii(header, 263, "00");
        ascii(header, 265, "root");
        ascii(header, 297, "root");
        // the checksum is computed with its own field read as eight spaces
        ascii(header, 148, "        ");
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        ascii(header, 148, String.format("%06o", checksum) + "\0 ");
        out.write(header);
    }

    private void pad(long size) throws IOException {
        int remainder = (int) (size % BLOCK);
        if (remainder != 0) {
            out.write(new byte[BLOCK - remainder]);
        }
    }

    /** Zero-padded octal, NUL-terminated, filling the field. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a " + length + "-byte tar field");
        }
        ascii(header, offset, "0".repeat(length - 1 - digits.length()) + digits + "\0");
    }

    private static void ascii(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
