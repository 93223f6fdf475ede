package dev.orca.layers.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * A tar reader that also keeps the raw bytes of each entry's PAX extended header. commons-compress decodes PAX
 * values as UTF-8, which corrupts binary extended attributes (a {@code security.capability} with a byte above 0x7f);
 * Go's archive/tar, which writes most layers, stores them raw. {@link #rawXattrs()} gives them back byte for byte.
 * It also refuses what commons-compress lets pass: a header with a wrong checksum, a tar cut inside a header.
 */
final class RawPaxTarInputStream extends TarArchiveInputStream {

    static final String SCHILY_XATTR = "SCHILY.xattr.";
    /** A PAX header larger than this is not kept raw (its attributes then come decoded). */
    private static final int LIMIT = 16 * 1024 * 1024;

    private final ByteArrayOutputStream pax = new ByteArrayOutputStream();
    private final InputStream source;
    private final byte[] rest = new byte[8192];
    private int depth;

    RawPaxTarInputStream(InputStream in) {
        super(in, StandardCharsets.UTF_8.name());
        this.source = in;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // commons-compress calls this again from inside, after a PAX or long-name header: keep what they read
        if (depth == 0) {
            pax.reset();
            leaveCurrentEntry();
        }
        depth++;
        try {
            return super.getNextEntry();
        } finally {
            depth--;
        }
    }

    /**
     * Reads what is left of the current entry and its record padding, as commons-compress would before the next
     * header, but without its per-entry scratch buffers: two skips through commons-io for every entry, each taking
     * a fresh 8 KiB array, were most of the time a small-file layer took to unpack until the JIT had compiled them
     * (a third of a second for 5,000 files). Sparse entries, whose bytes on tape are not their size, are left to
     * commons-compress.
     */
    private void leaveCurrentEntry() throws IOException {
        TarArchiveEntry current = getCurrentEntry();
        if (current == null || isAtEOF() || current.isSparse()) {
            return;
        }
        while (read(rest, 0, rest.length) >= 0) {
            // the entry's data, to its end
        }
        long size = current.getSize();
        int recordSize = getRecordSize();
        if (!current.isDirectory() && size > 0 && size % recordSize != 0) {
            int padding = (int) (recordSize - size % recordSize);
            int got = source.readNBytes(rest, 0, padding);
            count(got);
            if (got != padding) {
                throw new EOFException("the tar ends inside the padding after entry \"" + current.getName() + "\"");
            }
        }
        setCurrentEntry(null);
    }

    /**
     * Each header record, checked as Go's archive/tar and GNU tar check it: commons-compress takes a header with a
     * wrong checksum as it is, and a stream that ends inside a header for the end of the archive.
     */
    @Override
    protected byte[] readRecord() throws IOException {
        long before = getBytesRead();
        byte[] record = super.readRecord();
        if (isAtEOF()) {
            return record; // what follows the end-of-archive record is padding, whatever it holds
        }
        if (record == null && getBytesRead() > before) {
            throw new EOFException("the tar ends inside a header, after " + getBytesRead() + " bytes");
        }
        if (record != null && !isEOFRecord(record) && !TarUtils.verifyCheckSum(record)) {
            throw new IOException("a header's checksum is wrong, at byte " + before);
        }
        return record;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && depth > 0 && current != null && current.isPaxHeader() && pax.size() + n <= LIMIT) {
            pax.write(buffer, offset, n);
        }
        return n;
    }

    /** The {@code SCHILY.xattr.*} records of the current entry's PAX header: attribute name to raw value. */
    Map<String, byte[]> rawXattrs() {
        return parse(pax.toByteArray());
    }

    /** Parses PAX records ({@code "<length> <keyword>=<value>\n"}), keeping the xattr ones; stops at bad input. */
    static Map<String, byte[]> parse(byte[] records) {
        Map<String, byte[]> xattrs = new HashMap<>();
        int position = 0;
        while (position < records.length) {
            int space = indexOf(records, (byte) ' ', position, records.length);
            if (space < 0) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(new String(records, position, space - position, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break;
            }
            int end = position + length;
            if (length <= 0 || end > records.length || records[end - 1] != '\n') {
                break;
            }
            int equals = indexOf(records, (byte) '=', space + 1, end);
            if (equals > 0) {
                String keyword = new String(records, space + 1, equals - space - 1, StandardCharsets.UTF_8);
                if (keyword.startsWith(SCHILY_XATTR)) {
                    xattrs.put(keyword.substring(SCHILY_XATTR.length()), Arrays.copyOfRange(records, equals + 1, end - 1));
                }
            }
            position = end;
        }
        return xattrs;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
