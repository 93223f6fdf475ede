package dev.orca.storage.overlay.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The data of an overlay mount(2): {@code lowerdir=A:B:...,upperdir=U,workdir=W[,extra]}. The kernel takes at most one
 * page of it, which is why lower directories are named by short links.
 */
final class OverlayMountData {

    /** One page, less the terminating NUL. */
    static final int MAX_BYTES = 4095;

    private OverlayMountData() {
    }

    /**
     * @param lowers lower directories, the topmost first; at least one
     * @param extraOptions more options, or empty
     */
    static String of(List<Path> lowers, Path upper, Path work, String extraOptions) throws IOException {
        if (lowers.isEmpty()) {
            throw new IllegalArgumentException("an overlay mount needs at least one lower directory");
        }
        String data = "lowerdir=" + lowers.stream().map(Path::toString).collect(Collectors.joining(":"))
                + ",upperdir=" + upper + ",workdir=" + work
                + (extraOptions == null || extraOptions.isBlank() ? "" : "," + extraOptions.strip());
        int bytes = data.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IOException(lowers.size() + " layers do not fit in one overlay mount: its options take " + bytes
                    + " bytes, the kernel takes " + MAX_BYTES + "; a shorter storage root leaves room for more");
        }
        return data;
    }

    /** Checks that a path can appear in mount options: ',' separates options, ':' lower directories. */
    static void checkUsable(String what, Path path) {
        String text = path.toString();
        for (char c : new char[] {',', ':', '\\'}) {
            if (text.indexOf(c) >= 0) {
                throw new IllegalArgumentException(what + " " + path + " contains '" + c
                        + "', which overlay mount options cannot carry");
            }
        }
    }

    /** Checks extra options: they may not set the directories the driver sets. */
    static void checkExtraOptions(String options) {
        if (options == null || options.isBlank()) {
            return;
        }
        for (String option : options.split(",")) {
            String key = option.strip().split("=", 2)[0];
            if (List.of("lowerdir", "upperdir", "workdir", "lowerdir+", "datadir+").contains(key)) {
                throw new IllegalArgumentException("mount option \"" + option.strip() + "\" is set by the driver");
            }
        }
    }
}
