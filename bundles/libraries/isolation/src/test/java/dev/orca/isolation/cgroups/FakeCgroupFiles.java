package dev.orca.isolation.cgroups;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Cgroup files in memory: a new directory gets the control files the kernel would show, empty. */
class FakeCgroupFiles implements CgroupFiles {

    final Map<Path, String> files = new TreeMap<>();
    final Set<Path> dirs = new TreeSet<>();
    final List<String> writes = new ArrayList<>();
    final List<String> controlFiles;
    int busyRemovals;

    FakeCgroupFiles(List<String> controlFiles) {
        this.controlFiles = controlFiles;
    }

    @Override
    public String read(Path file) throws IOException {
        String text = files.get(file);
        if (text == null) {
            throw new NoSuchFileException(file.toString());
        }
        return text;
    }

    @Override
    public void write(Path file, String value) throws IOException {
        if (!files.containsKey(file)) {
            throw new NoSuchFileException(file.toString());
        }
        writes.add(file + "=" + value);
        files.put(file, value);
    }

    @Override
    public boolean exists(Path path) {
        return dirs.contains(path) || files.containsKey(path);
    }

    @Override
    public void createDirectory(Path dir) {
        if (dirs.add(dir)) {
            for (String name : controlFiles) {
                files.put(dir.resolve(name), "");
            }
        }
    }

    @Override
    public void removeDirectory(Path dir) throws IOException {
        if (!dirs.contains(dir)) {
            return;
        }
        if (busyRemovals > 0) {
            busyRemovals--;
            throw new CgroupBusyException("cgroup " + dir + " still has processes");
        }
        if (!subdirectories(dir).isEmpty()) {
            throw new CgroupBusyException("cgroup " + dir + " has child cgroups");
        }
        dirs.remove(dir);
        files.keySet().removeIf(f -> f.getParent().equals(dir));
    }

    @Override
    public List<Path> subdirectories(Path dir) {
        return dirs.stream().filter(d -> dir.equals(d.getParent())).toList();
    }

    @Override
    public String mountinfo() {
        return "";
    }
}
