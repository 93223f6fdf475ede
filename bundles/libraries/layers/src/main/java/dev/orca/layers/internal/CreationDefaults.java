package dev.orca.layers.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a file this process creates gets without being asked — its owner (the effective user and group, or the
 * directory's group where the directory is setgid) and its mode less the umask — so that extraction can leave out
 * an lchown or a chmod that would change nothing. Read once from {@code /proc/self/status}; where that cannot be read,
 * nothing is known and every call is made.
 */
record CreationDefaults(int uid, int gid, int umask) {

    /** Nothing known: no call is left out. */
    static final CreationDefaults UNKNOWN = new CreationDefaults(-1, -1, -1);

    private static final class OfThisProcess {
        static final CreationDefaults VALUE = read(Path.of("/proc/self/status"));
    }

    static CreationDefaults ofThisProcess() {
        return OfThisProcess.VALUE;
    }

    /** From a {@code status} file of proc(5): the second (effective) field of Uid and Gid, and Umask (octal). */
    static CreationDefaults read(Path status) {
        try {
            return parse(Files.readAllLines(status));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    static CreationDefaults parse(List<String> lines) {
        int uid = -1;
        int gid = -1;
        int umask = -1;
        for (String line : lines) {
            String[] fields = line.split("\\s+");
            if (fields.length < 2) {
                continue;
            }
            switch (fields[0]) {
                case "Uid:" -> uid = fields.length > 2 ? Integer.parseInt(fields[2]) : -1;
                case "Gid:" -> gid = fields.length > 2 ? Integer.parseInt(fields[2]) : -1;
                case "Umask:" -> umask = Integer.parseInt(fields[1], 8);
                default -> {
                }
            }
        }
        return uid < 0 || gid < 0 || umask < 0 ? UNKNOWN : new CreationDefaults(uid, gid, umask);
    }

    /** Whether a file just created in a directory that is not setgid already belongs to {@code uid}:{@code gid}. */
    boolean owns(long entryUid, long entryGid) {
        return uid >= 0 && entryUid == uid && entryGid == gid;
    }

    /**
     * Whether a file created with {@code mode} (its permission bits passed to open(2)) has exactly {@code mode}:
     * no setuid, setgid or sticky bit, and nothing the umask takes away.
     */
    boolean keeps(int mode) {
        return umask >= 0 && (mode & ~0777) == 0 && (mode & umask) == 0;
    }
}
