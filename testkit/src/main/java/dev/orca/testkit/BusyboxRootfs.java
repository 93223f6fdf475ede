package dev.orca.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * The root filesystem of the base test image: Debian's static busybox as {@code /bin/busybox} with a symlink in
 * {@code /bin} for each of its applets, and the users and groups of {@link TestImages}.
 */
final class BusyboxRootfs {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            app:x:%1$d:%2$d:app:/home/app:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/bin/false
            """.formatted(TestImages.APP_UID, TestImages.APP_GID);

    static final String GROUP = """
            root:x:0:
            app:x:%1$d:
            %2$s:x:%3$d:app
            nobody:x:65534:
            """.formatted(TestImages.APP_GID, TestImages.APP_SUPPLEMENTAL_GROUP, TestImages.APP_SUPPLEMENTAL_GID);

    private BusyboxRootfs() {
    }

    static void populate(Path rootfs) throws IOException {
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.setAttribute(bin.resolve("busybox"), "unix:mode", 0755);
        for (String applet : applets()) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), PASSWD);
        Files.writeString(etc.resolve("group"), GROUP);
        // runtimes create mount points themselves, but an image that has them is closer to a real one
        for (String mountPoint : List.of("proc", "sys", "dev")) {
            Files.createDirectories(rootfs.resolve(mountPoint));
        }
        directory(rootfs.resolve("root"), 0700);
        directory(rootfs.resolve("tmp"), 01777);
        Path home = directory(rootfs.resolve("home/app"), 0755);
        if (Umoci.runningAsRoot()) {
            Files.setAttribute(home, "unix:uid", TestImages.APP_UID);
            Files.setAttribute(home, "unix:gid", TestImages.APP_GID);
        }
    }

    /** busybox-static runs any applet by argv[0], wherever the symlink is; we put them all in /bin. */
    private static List<String> applets() {
        String list = Command.of(BUSYBOX.toString(), "--list").run();
        return Arrays.stream(list.split("\n")).map(String::strip)
                .filter(applet -> !applet.isEmpty() && !applet.equals("busybox") && !applet.contains("/"))
                .toList();
    }

    private static Path directory(Path path, int mode) throws IOException {
        Files.createDirectories(path);
        // the unix view sets the sticky bit too, which PosixFilePermissions cannot express
        Files.setAttribute(path, "unix:mode", mode);
        return path;
    }
}
