package dev.orca.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the entries of a layer tar (plain or gzip) independently of the test kit's writer, for assertions. */
final class TarEntries {

    record Entry(String name, char type, long size, byte[] content) {

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final int BLOCK = 512;
    private static final int KEPT_CONTENT = 1 << 16;

    private TarEntries() {
    }

    static List<Entry> of(byte[] blob) throws IOException {
        boolean gzip = blob.length > 2 && (blob[0] & 0xff) == 0x1f && (blob[1] & 0xff) == 0x8b;
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(blob))
                : new ByteArrayInputStream(blob)) {
            return read(in);
        }
    }

    private static List<Entry> read(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String paxPath = null;
        while (true) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length < BLOCK) {
                throw new IOException("tar ends inside a header after " + entries.size() + " entries");
            }
            if (isZero(header)) {
                return entries;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(),
                    8);
            char type = header[156] == 0 ? '0' : (char) header[156];
            byte[] content = in.readNBytes((int) Math.min(size, KEPT_CONTENT));
            long skipped = in.skip(size - content.length);
            long padding = (BLOCK - size % BLOCK) % BLOCK;
            if (content.length + skipped < size || in.readNBytes((int) padding).length < padding) {
                throw new IOException("tar entry " + name + " is truncated");
            }
            if (type == 'x') {
                paxPath = paxPath(new String(content, StandardCharsets.UTF_8));
                continue;
            }
            entries.add(new Entry(paxPath != null ? paxPath : name, type, size, content));
            paxPath = null;
        }
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int equals = record.indexOf(" path=");
            if (equals >= 0) {
                return record.substring(equals + " path=".length());
            }
        }
        return null;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
