package dev.orca.storage.overlay.internal;

import dev.orca.layers.store.LayerStore;
import dev.orca.layers.store.RootFilesystems;
import dev.orca.layers.store.StagingArea;
import dev.orca.os.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container root filesystems as overlay mounts: {@code containers/<id>/} with {@code upper/}, {@code work/} and
 * {@code merged/} (where the overlay is mounted), beside the store's {@code layer} file. Opening them checks, with a
 * probe mount in staging, that overlayfs works on the store's filesystem.
 */
final class OverlayContainers extends RootFilesystems {

    static final String UPPER = "upper";
    static final String WORK = "work";
    static final String MERGED = "merged";
    /** Bounds the unmount loop when mounts are stacked on one directory. */
    private static final int MAX_STACKED = 16;
    private static final Logger LOG = LoggerFactory.getLogger(OverlayContainers.class);

    private final Path empty;
    private final OverlayLayers format;
    private final Mounts mounts;
    private final String mountOptions;

    OverlayContainers(Path dir, Path empty, StagingArea staging, LayerStore layers, OverlayLayers format,
            Mounts mounts, String mountOptions) {
        super(dir, staging, layers);
        this.empty = empty;
        this.format = format;
        this.mounts = mounts;
        this.mountOptions = mountOptions;
    }

    @Override
    public void open() throws IOException {
        format.open();
        super.open();
        Files.createDirectories(empty);
        new OverlayProbe(staging(), mounts, mountOptions).run();
    }

    @Override
    protected void fill(Path staged, Path layer) throws IOException {
        Files.createDirectory(staged.resolve(UPPER));
        Files.createDirectory(staged.resolve(WORK));
        Files.createDirectory(staged.resolve(MERGED));
    }

    @Override
    protected Path mountLocked(String id, Path container) throws IOException {
        Path merged = container.resolve(MERGED);
        if (mounts.isMountPoint(merged)) {
            return merged;
        }
        return mountOverlay(id, container, merged);
    }

    /** A root filesystem staged a moment ago has nothing on its {@code merged/}: no mount table is read. */
    @Override
    protected Path mountStagedLocked(String id, Path container) throws IOException {
        return mountOverlay(id, container, container.resolve(MERGED));
    }

    private Path mountOverlay(String id, Path container, Path merged) throws IOException {
        String top = topChainId(container);
        List<Path> lowers = top.isEmpty() ? List.of(empty)
                : layers().holding(top, layer -> format.lowerDirs(top, layer, parents()));
        String data = OverlayMountData.of(lowers, container.resolve(UPPER), container.resolve(WORK), mountOptions);
        try {
            mounts.mount("overlay", merged, "overlay", 0, data);
        } catch (IOException e) {
            throw new IOException("root filesystem of container " + id + " could not be mounted on " + merged + ": "
                    + e.getMessage(), e);
        }
        LOG.debug("mounted the root filesystem of container {} on {} ({} lower layers)", id, merged, lowers.size());
        return merged;
    }

    private OverlayLayers.ParentLookup parents() {
        return new OverlayLayers.ParentLookup() {
            @Override
            public String parent(String chainId) throws IOException {
                return layers().parent(chainId).orElse(null);
            }

            @Override
            public Path directory(String chainId) {
                return layers().directory(chainId);
            }
        };
    }

    /**
     * The usual case costs two system calls and no look at the mount table: the overlay is the only mount on
     * {@code merged/}, nothing is mounted below it and nothing uses it, so a plain umount2 takes it off and a second
     * answers that nothing is left. Otherwise — nothing mounted there, mounts below it or a process in it (EBUSY), a
     * mount stacked under it — the mount table is read once: the mounts others made below the root filesystem go
     * first, deepest first, then the root filesystem itself, each point cleared of what is stacked on it (a busy one
     * detached).
     */
    @Override
    protected void unmountLocked(String id, Path container) throws IOException {
        try {
            if (!mounts.unmountAlone(container.resolve(MERGED), 0)) {
                unmountUnder(container, busy -> LOG.warn(
                        "root filesystem of container {} is busy at {}; detaching it", id, busy));
            }
        } catch (IOException e) {
            throw new IOException("root filesystem of container " + id + " could not be unmounted: "
                    + e.getMessage(), e);
        }
    }

    /** A probe or a trashed root filesystem that a killed daemon left mounted in staging is unmounted at start. */
    @Override
    protected void releaseStaged(Path staged) throws IOException {
        unmountUnder(staged, busy -> LOG.warn("{}, left in staging, is busy; detaching it", busy));
    }

    /** Clears every mount point at or under {@code dir}, deepest first, reading the mount table once. */
    private void unmountUnder(Path dir, Consumer<Path> busy) throws IOException {
        List<Path> points = new ArrayList<>(new LinkedHashSet<>(mounts.mountPointsUnder(dir)));
        points.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path point : points) {
            mounts.unmountAll(point, 0, MAX_STACKED, busy);
        }
    }

    @Override
    protected Path writableLayer(Path container) {
        return container.resolve(UPPER);
    }
}
