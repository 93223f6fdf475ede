package dev.orca.isolation.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** {@link CgroupFiles} through java.nio. */
final class HostCgroupFiles implements CgroupFiles {

    @Override
    public String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    @Override
    public void write(Path file, String value) throws IOException {
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("writing \"" + value + "\" to " + file + ": " + reason(e), e);
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // made already, by us or by runc
        }
    }

    @Override
    public void removeDirectory(Path dir) throws IOException {
        try {
            Files.delete(dir);
        } catch (NoSuchFileException e) {
            // removed already
        } catch (DirectoryNotEmptyException e) {
            throw new CgroupBusyException("cgroup " + dir + " has child cgroups");
        } catch (FileSystemException e) {
            if (String.valueOf(e.getReason()).contains("busy")) {
                throw new CgroupBusyException("cgroup " + dir + " still has processes");
            }
            throw e;
        }
    }

    @Override
    public List<Path> subdirectories(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    @Override
    public String mountinfo() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
    }
}
