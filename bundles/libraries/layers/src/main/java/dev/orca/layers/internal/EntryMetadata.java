package dev.orca.layers.internal;

import dev.orca.os.FileCalls;
import dev.orca.os.SystemCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a created entry the owner, mode, extended attributes and times its tar header records, in the order that
 * keeps them: owner first (chown clears setuid bits and capabilities), then mode, then attributes; times last,
 * and for directories only once their content is written.
 */
final class EntryMetadata {

    /** Overlayfs's own attributes: a layer may not smuggle redirects or whiteouts in as attributes. */
    static final String OVERLAY_XATTRS = "trusted.overlay.";

    private static final Logger LOG = LoggerFactory.getLogger(EntryMetadata.class);

    private final FileCalls calls;

    EntryMetadata(FileCalls calls) {
        this.calls = calls;
    }

    /**
     * @param path the entry, just created (or an existing directory it merges into); never reached through a link
     * @param merged the entry is a directory that already existed: attributes it does not list are removed
     */
    void apply(Path path, TarArchiveEntry entry, Map<String, byte[]> xattrs, boolean merged) throws IOException {
        apply(path, entry, xattrs, merged, false, false);
    }

    /**
     * {@link #apply(Path, TarArchiveEntry, Map, boolean)} for a regular file just created, leaving out the owner or
     * the mode where the file already has it (created by this process's user and group in a directory that is not
     * setgid; created with its mode, which the umask left whole).
     */
    void applyToCreated(Path path, TarArchiveEntry entry, Map<String, byte[]> xattrs, boolean hasOwner,
            boolean hasMode) throws IOException {
        apply(path, entry, xattrs, false, hasOwner, hasMode);
    }

    private void apply(Path path, TarArchiveEntry entry, Map<String, byte[]> xattrs, boolean merged,
            boolean hasOwner, boolean hasMode) throws IOException {
        if (!hasOwner) {
            // lchown: "unix:uid" with NOFOLLOW_LINKS never opens the file, so it is safe on fifos and devices too
            Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
        if (!entry.isSymbolicLink() && !hasMode) {
            // chmod(2) on the path: not a link (just created), and unlike the NOFOLLOW variant it does not open it
            Files.setAttribute(path, "unix:mode", entry.getMode() & 07777);
        }
        if (merged) {
            for (String name : calls.extendedAttributes().list(path)) {
                if (!name.startsWith(OVERLAY_XATTRS) && !xattrs.containsKey(name)) {
                    calls.extendedAttributes().remove(path, name);
                }
            }
        }
        for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
            setXattr(path, entry, xattr.getKey(), xattr.getValue());
        }
        if (!entry.isDirectory()) {
            applyTimes(path, entry);
        }
    }

    void applyTimes(Path path, TarArchiveEntry entry) throws IOException {
        FileTime modified = entry.getLastModifiedTime();
        FileTime accessed = entry.getLastAccessTime();
        calls.fileTimes().set(path, accessed != null ? accessed : modified, modified);
    }

    private void setXattr(Path path, TarArchiveEntry entry, String name, byte[] value) throws IOException {
        if (name.startsWith(OVERLAY_XATTRS)) {
            LOG.warn("layer entry \"{}\": attribute {} ignored; overlay attributes come from whiteouts only",
                    entry.getName(), name);
            return;
        }
        try {
            calls.extendedAttributes().set(path, name, value);
        } catch (SystemCallException e) {
            boolean unsupported = e.errno() == SystemCallException.EOPNOTSUPP;
            // Linux allows user.* attributes on regular files and directories only
            boolean userOnSpecial = e.errno() == SystemCallException.EPERM && name.startsWith("user.")
                    && !entry.isDirectory() && !isRegular(entry);
            if (!unsupported && !userOnSpecial) {
                throw e;
            }
            LOG.warn("layer entry \"{}\": attribute {} not kept: {}", entry.getName(), name, e.getMessage());
        }
    }

    static boolean isRegular(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarArchiveEntry.LF_NORMAL || flag == TarArchiveEntry.LF_OLDNORM
                || flag == TarArchiveEntry.LF_CONTIG || flag == TarArchiveEntry.LF_GNUTYPE_SPARSE;
    }
}
