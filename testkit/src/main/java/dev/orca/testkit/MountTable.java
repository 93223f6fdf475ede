package dev.orca.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The mount points this process sees ({@code /proc/self/mountinfo}), and lazy unmounting of those under a directory. */
public final class MountTable {

    private MountTable() {
    }

    /** Every mount point at or under {@code dir}, deepest first (a point mounted twice appears twice). */
    public static List<String> pointsUnder(Path dir) throws IOException {
        List<String> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = line.split(" ")[4].replace("\\040", " ");
            if (point.equals(dir.toString()) || point.startsWith(dir + "/")) {
                points.add(point);
            }
        }
        points.sort(Comparator.comparingInt(String::length).reversed());
        return points;
    }

    /** Detaches ({@code umount -l}) every mount point at or under {@code dir}, deepest first. */
    public static void unmountUnder(Path dir) throws IOException, InterruptedException {
        for (String point : pointsUnder(dir)) {
            Process umount = new ProcessBuilder("umount", "-l", point).redirectErrorStream(true).start();
            String output = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
                umount.destroyForcibly();
                throw new IOException("umount -l " + point + " failed: " + output);
            }
        }
    }
}
