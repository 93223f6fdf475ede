package dev.orca.network.cni.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds plug-in binaries by type in the configured directories, the first directory first. */
public final class PluginLocator {

    private final List<Path> directories;

    public PluginLocator(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    public Optional<Path> find(String type) {
        if (type.contains("/")) {
            return Optional.empty();
        }
        return directories.stream().map(dir -> dir.resolve(type)).filter(Files::isExecutable).findFirst();
    }

    /** CNI_PATH: the directories joined by {@code :}. */
    public String searchPath() {
        return directories.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    /** The first plug-in of the network whose binary is missing, if any. */
    public Optional<String> firstMissing(NetworkConfigList network) {
        return network.plugins().stream().map(NetworkConfigList::type).filter(t -> find(t).isEmpty()).findFirst();
    }
}
