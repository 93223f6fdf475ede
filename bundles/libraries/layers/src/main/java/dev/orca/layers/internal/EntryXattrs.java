package dev.orca.layers.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The extended attributes a tar entry carries: GNU tar / Go / Docker's {@code SCHILY.xattr.NAME} (raw value) and
 * libarchive's {@code LIBARCHIVE.xattr.NAME} (URL-encoded name, base64 value).
 */
final class EntryXattrs {

    static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";

    private EntryXattrs() {
    }

    /**
     * @param raw the raw values of the entry's {@code SCHILY.xattr} records; one is taken when it decodes to what
     *     commons-compress decoded, so a misread raw header can never put a wrong value on a file
     */
    static Map<String, byte[]> of(TarArchiveEntry entry, Map<String, byte[]> raw) {
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            String key = header.getKey();
            String value = header.getValue();
            if (key.startsWith(RawPaxTarInputStream.SCHILY_XATTR)) {
                String name = key.substring(RawPaxTarInputStream.SCHILY_XATTR.length());
                byte[] rawValue = raw.get(name);
                boolean same = rawValue != null && new String(rawValue, StandardCharsets.UTF_8).equals(value);
                xattrs.put(name, same ? rawValue : value.getBytes(StandardCharsets.UTF_8));
            } else if (key.startsWith(LIBARCHIVE_XATTR)) {
                String name = URLDecoder.decode(key.substring(LIBARCHIVE_XATTR.length()), StandardCharsets.UTF_8);
                xattrs.put(name, Base64.getDecoder().decode(value.trim()));
            }
        }
        return xattrs;
    }
}
