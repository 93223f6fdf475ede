package dev.orca.layers.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds layer tars for tests with commons-compress: PAX for long names and big numbers, and, for binary extended
 * attribute values, a PAX header written byte for byte as Go's archive/tar writes it.
 */
public final class TarBuilder {

    public static final FileTime DEFAULT_TIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

    private final List<Item> items = new ArrayList<>();
    private int trailingPadding;
    private int longFileMode = TarArchiveOutputStream.LONGFILE_POSIX;

    private static final class Item {
        final TarArchiveEntry entry;
        final byte[] content;
        final Map<String, byte[]> rawPax = new LinkedHashMap<>();

        Item(TarArchiveEntry entry, byte[] content) {
            this.entry = entry;
            this.content = content;
        }
    }

    public TarBuilder dir(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        entry.setMode(mode);
        return add(entry, new byte[0]);
    }

    public TarBuilder file(String name, String content, int mode) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    public TarBuilder file(String name, byte[] content, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setMode(mode);
        entry.setSize(content.length);
        return add(entry, content);
    }

    /** A file whose name keeps its leading '/' (commons-compress strips it otherwise). */
    public TarBuilder absoluteFile(String name, String content) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        entry.setMode(0644);
        entry.setSize(bytes.length);
        return add(entry, bytes);
    }

    public TarBuilder symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        entry.setMode(0777);
        return add(entry, new byte[0]);
    }

    public TarBuilder hardlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
        entry.setLinkName(target);
        entry.setMode(0644);
        return add(entry, new byte[0]);
    }

    public TarBuilder fifo(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        entry.setMode(mode);
        return add(entry, new byte[0]);
    }

    public TarBuilder charDevice(String name, int major, int minor, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_CHR);
        entry.setMode(mode);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        return add(entry, new byte[0]);
    }

    public TarBuilder whiteout(String name) {
        return file(name, new byte[0], 0644);
    }

    /** Owner of the last entry. */
    public TarBuilder owner(int uid, int gid) {
        last().entry.setUserId(uid);
        last().entry.setGroupId(gid);
        return this;
    }

    /** Mode of the last entry (permission bits, setuid, setgid, sticky). */
    public TarBuilder mode(int mode) {
        last().entry.setMode(mode);
        return this;
    }

    /** Modification time of the last entry. */
    public TarBuilder mtime(FileTime time) {
        last().entry.setLastModifiedTime(time);
        return this;
    }

    /** An extended attribute of the last entry, as commons-compress writes it (UTF-8 text). */
    public TarBuilder xattr(String name, String value) {
        last().entry.addPaxHeader("SCHILY.xattr." + name, value);
        return this;
    }

    /** An extended attribute of the last entry with a binary value, in a raw PAX header. */
    public TarBuilder rawXattr(String name, byte[] value) {
        return rawPax("SCHILY.xattr." + name, value);
    }

    /**
     * A PAX record of the last entry written byte for byte in a header of its own before it (a {@code path} record
     * here replaces the name the entry's own header carries when the tar is read).
     */
    public TarBuilder rawPax(String keyword, byte[] value) {
        last().rawPax.put(keyword, value);
        return this;
    }

    /** Any entry, as made by the caller (absolute names, other types); {@code content} must match its size. */
    public TarBuilder entry(TarArchiveEntry entry, byte[] content) {
        return add(entry, content);
    }

    /** Long names as GNU tar writes them (././@LongLink entries) instead of PAX records. */
    public TarBuilder gnuLongNames() {
        longFileMode = TarArchiveOutputStream.LONGFILE_GNU;
        return this;
    }

    /** Zero bytes after the end-of-archive blocks, as GNU tar pads to its record size. */
    public TarBuilder padding(int bytes) {
        trailingPadding = bytes;
        return this;
    }

    private TarBuilder add(TarArchiveEntry entry, byte[] content) {
        entry.setModTime(DEFAULT_TIME);
        items.add(new Item(entry, content));
        return this;
    }

    private Item last() {
        return items.get(items.size() - 1);
    }

    public byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(longFileMode);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Item item : items) {
                if (!item.rawPax.isEmpty()) {
                    byte[] pax = paxRecords(item.rawPax);
                    TarArchiveEntry header = new TarArchiveEntry("PaxHeaders/" + items.indexOf(item),
                            TarConstants.LF_PAX_EXTENDED_HEADER_LC);
                    header.setSize(pax.length);
                    out.putArchiveEntry(header);
                    out.write(pax);
                    out.closeArchiveEntry();
                }
                out.putArchiveEntry(item.entry);
                out.write(item.content);
                out.closeArchiveEntry();
            }
            out.finish();
            bytes.write(new byte[trailingPadding]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PAX records {@code "<length> <keyword>=<value>\n"}, values written byte for byte. */
    static byte[] paxRecords(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> xattr : records.entrySet()) {
            byte[] key = (" " + xattr.getKey() + "=").getBytes(StandardCharsets.UTF_8);
            int rest = key.length + xattr.getValue().length + 1;
            int length = rest + 1;
            while (Integer.toString(length).length() + rest != length) {
                length = Integer.toString(length).length() + rest;
            }
            out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(key);
            out.writeBytes(xattr.getValue());
            out.write('\n');
        }
        return out.toByteArray();
    }
}
