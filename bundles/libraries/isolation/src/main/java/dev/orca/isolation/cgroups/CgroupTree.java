package dev.orca.isolation.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Making a cgroup in the v2 tree: each parent must hand the controllers down in {@code cgroup.subtree_control}. */
final class CgroupTree {

    /** The controllers a pod's and its containers' limits use. */
    static final List<String> CONTROLLERS = List.of("cpu", "cpuset", "io", "memory", "pids", "hugetlb");

    private CgroupTree() {
    }

    static void create(CgroupFiles files, Path root, List<String> segments) throws IOException {
        Path dir = root;
        for (String segment : segments) {
            enableControllers(files, dir);
            dir = dir.resolve(segment);
            files.createDirectory(dir);
        }
    }

    /** Enables, in a parent's {@code cgroup.subtree_control}, the wanted controllers it has and has not enabled. */
    static void enableControllers(CgroupFiles files, Path parent) throws IOException {
        Set<String> available = words(files.read(parent.resolve("cgroup.controllers")));
        Set<String> enabled = words(files.read(parent.resolve("cgroup.subtree_control")));
        List<String> missing = new ArrayList<>();
        for (String controller : CONTROLLERS) {
            if (available.contains(controller) && !enabled.contains(controller)) {
                missing.add("+" + controller);
            }
        }
        if (!missing.isEmpty()) {
            files.write(parent.resolve("cgroup.subtree_control"), String.join(" ", missing));
        }
    }

    private static Set<String> words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? Set.of() : Set.of(trimmed.split("\\s+"));
    }
}
