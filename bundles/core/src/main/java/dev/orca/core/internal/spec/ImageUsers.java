package dev.orca.core.internal.spec;

import dev.orca.spi.oci.OciUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a container runs as: the CRI's run_as_user / run_as_username / run_as_group, else the image's USER, resolved
 * against the image's own {@code /etc/passwd} and {@code /etc/group}; supplementary groups are those the user is a
 * member of in the image, merged with the CRI's supplemental groups (policy Merge), or the CRI's alone (Strict).
 */
final class ImageUsers {

    private record Passwd(String name, long uid, long gid) {
    }

    private record Group(String name, long gid, List<String> members) {
    }

    private final List<Passwd> users;
    private final List<Group> groups;

    private ImageUsers(List<Passwd> users, List<Group> groups) {
        this.users = users;
        this.groups = groups;
    }

    /** Reads the image's user and group databases; missing files mean empty databases. */
    static ImageUsers of(Path rootfs) throws SpecException {
        List<Passwd> users = new ArrayList<>();
        for (String[] f : fields(rootfs, "/etc/passwd")) {
            if (f.length >= 4 && UserField.isNumber(f[2]) && UserField.isNumber(f[3])) {
                users.add(new Passwd(f[0], Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
        }
        List<Group> groups = new ArrayList<>();
        for (String[] f : fields(rootfs, "/etc/group")) {
            if (f.length >= 3 && UserField.isNumber(f[2])) {
                List<String> members = f.length > 3 && !f[3].isBlank() ? List.of(f[3].split(",")) : List.of();
                groups.add(new Group(f[0], Long.parseLong(f[2]), members));
            }
        }
        return new ImageUsers(users, groups);
    }

    private static List<String[]> fields(Path rootfs, String file) throws SpecException {
        Path path = RootfsPaths.resolve(rootfs, file, "image file");
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split(":", -1)).toList();
        } catch (IOException e) {
            throw new SpecException("cannot read " + file + " of the image: " + e.getMessage());
        }
    }

    /**
     * @param imageUser the image's USER ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}), or empty
     * @param strict leave out the groups the image's {@code /etc/group} gives the user
     */
    OciUser resolve(Long runAsUser, String runAsUsername, Long runAsGroup, List<Long> supplementalGroups,
            boolean strict, String imageUser) throws SpecException {
        long uid;
        long gid;
        String name;
        if (runAsUser != null) {
            uid = runAsUser;
            Optional<Passwd> entry = users.stream().filter(u -> u.uid() == runAsUser).findFirst();
            gid = entry.map(Passwd::gid).orElse(0L);
            name = entry.map(Passwd::name).orElse(null);
        } else if (runAsUsername != null && !runAsUsername.isEmpty()) {
            Passwd entry = byName(runAsUsername, "run_as_username");
            uid = entry.uid();
            gid = entry.gid();
            name = entry.name();
        } else {
            UserField field = UserField.parse(imageUser);
            String user = field.user();
            String group = field.group();
            if (user.isEmpty()) {
                uid = 0;
                gid = 0;
                name = users.stream().filter(u -> u.uid() == 0).map(Passwd::name).findFirst().orElse(null);
            } else if (UserField.isNumber(user)) {
                uid = Long.parseLong(user);
                Optional<Passwd> entry = users.stream().filter(u -> u.uid() == uid).findFirst();
                gid = entry.map(Passwd::gid).orElse(0L);
                name = entry.map(Passwd::name).orElse(null);
            } else {
                Passwd entry = byName(user, "the image's USER");
                uid = entry.uid();
                gid = entry.gid();
                name = entry.name();
            }
            if (!group.isEmpty()) {
                gid = UserField.isNumber(group) ? Long.parseLong(group)
                        : groups.stream().filter(g -> g.name().equals(group)).map(Group::gid).findFirst()
                                .orElseThrow(() -> new SpecException("group '" + group
                                        + "' of the image's USER is not in the image's /etc/group"));
            }
        }
        if (runAsGroup != null) {
            gid = runAsGroup;
        }
        Set<Long> additional = new LinkedHashSet<>();
        if (name != null && !strict) {
            String member = name;
            groups.stream().filter(g -> g.members().contains(member)).map(Group::gid).forEach(additional::add);
        }
        additional.addAll(supplementalGroups);
        additional.remove(gid);
        return new OciUser(uid, gid, List.copyOf(additional), null);
    }

    private Passwd byName(String name, String what) throws SpecException {
        return users.stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow(() ->
                new SpecException(what + " '" + name + "' is not in the image's /etc/passwd"));
    }
}
