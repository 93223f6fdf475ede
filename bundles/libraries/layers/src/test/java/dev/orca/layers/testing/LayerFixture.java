package dev.orca.layers.testing;

import dev.orca.layers.store.LayerIds;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Layers with their names (diff ID, chain ID, parent) computed from their tars, for storage tests. */
public final class LayerFixture {

    public static final FileTime OLD = FileTime.from(Instant.parse("2019-06-01T12:00:00Z"));

    public record Layer(String chainId, String parentChainId, String diffId, byte[] tar) {
        public InputStream stream() {
            return new ByteArrayInputStream(tar);
        }
    }

    private LayerFixture() {
    }

    /** The layers of a chain, the base first. */
    public static List<Layer> chain(TarBuilder... tars) {
        List<Layer> layers = new ArrayList<>();
        String parent = null;
        for (TarBuilder tar : tars) {
            byte[] bytes = tar.bytes();
            String diffId = TarBuilder.sha256(bytes);
            String chainId = LayerIds.chainId(parent, diffId);
            layers.add(new Layer(chainId, parent, diffId, bytes));
            parent = chainId;
        }
        return layers;
    }

    /**
     * Three layers: files, a setuid file, a symbolic and a hard link, a fifo, owners, extended attributes in the base;
     * a whiteout ({@code etc/motd}), an opaque directory ({@code var/cache}) and a replaced file ({@code bin/tool})
     * in the second; a whiteout of a directory ({@code opt}) and new files in the third.
     */
    public static List<Layer> threeLayerStack() {
        TarBuilder base = new TarBuilder()
                .dir("etc", 0755)
                .file("etc/os-release", "ID=orca-test", 0644)
                .file("etc/motd", "hello", 0644)
                .dir("bin", 0755)
                .file("bin/tool", "tool-v1", 0755)
                .hardlink("bin/tool-hard", "bin/tool")
                .symlink("bin/sh", "tool")
                .file("bin/su", "su", 04755)
                .dir("var/cache", 0755)
                .file("var/cache/old1", "old", 0644)
                .dir("var/cache/sub", 0755)
                .file("var/cache/sub/old2", "old", 0644)
                .dir("run", 0755)
                .fifo("run/fifo", 0620)
                .dir("data", 0755)
                .file("data/owned", "mine", 0640).owner(1000, 1001).mtime(OLD)
                .file("data/xattr", "x", 0644).xattr("user.orca", "base")
                .dir("opt/app", 0755)
                .file("opt/app/config", "c", 0644)
                .dir("tmp", 01777);
        TarBuilder second = new TarBuilder()
                .dir("etc", 0755)
                .whiteout("etc/.wh.motd")
                .dir("var/cache", 0755)
                .whiteout("var/cache/.wh..wh..opq")
                .file("var/cache/new", "new", 0644)
                .dir("bin", 0755)
                .file("bin/tool", "tool-v2", 0755)
                .dir("home/user", 0700).owner(1000, 1000)
                .file("home/user/notes", "n", 0600).owner(1000, 1000);
        TarBuilder third = new TarBuilder()
                .file("etc/hostname", "orca", 0644)
                .symlink("etc/localtime", "/usr/share/zoneinfo/UTC")
                .whiteout(".wh.opt")
                .dir("var/cache", 0755)
                .file("var/cache/top", "top", 0644);
        return chain(base, second, third);
    }
}
