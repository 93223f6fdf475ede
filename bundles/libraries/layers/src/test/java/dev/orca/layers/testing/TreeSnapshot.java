package dev.orca.layers.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a directory tree holds, as one line per path: type, mode, owner, links, times (ctime too, which any chmod,
 * chown or attribute change moves) and the content's or the link target's value. Two snapshots of a tree around an
 * extraction, taken without what lies under the extraction's directory, must be equal: then nothing outside changed.
 */
public final class TreeSnapshot {

    private TreeSnapshot() {
    }

    /** Every path under {@code top} (itself included), except those under {@code excluded}, described. */
    public static Map<Path, String> of(Path top, Path excluded) throws IOException {
        Map<Path, String> tree = new TreeMap<>();
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                tree.put(dir, describe(dir, excluded.equals(dir)));
                return excluded.equals(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                tree.put(file, describe(file, false));
                return FileVisitResult.CONTINUE;
            }
        });
        return tree;
    }

    /** @param shallow the extraction's own directory: only that it is still a directory */
    private static String describe(Path path, boolean shallow) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String type = basic.isSymbolicLink() ? "link" : basic.isDirectory() ? "dir" : basic.isRegularFile() ? "file"
                : "other";
        if (shallow) {
            return type;
        }
        String value = "";
        if (basic.isSymbolicLink()) {
            value = Files.readSymbolicLink(path).toString();
        } else if (basic.isRegularFile()) {
            value = sha256(path);
        }
        return String.join(" ", type, Integer.toOctalString((Integer) unix.get("mode")), unix.get("uid") + ":"
                + unix.get("gid"), "nlink=" + unix.get("nlink"), "size=" + basic.size(), "mtime="
                + basic.lastModifiedTime(), "ctime=" + unix.get("ctime"), value);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
