package dev.orca.launcher;

import dev.orca.spi.NodePaths;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where a node keeps its files and which features it boots: {@code conf/orca.properties}, overridden by command-line
 * options. Turns into the framework properties Felix and the bundles read.
 */
final class Settings {

    static final String SOCKET = "orca.socket";
    static final String SHELL_SOCKET = "orca.shell.socket";
    static final String ROOT = NodePaths.ROOT;
    static final String RUN_ROOT = "orca.runroot";
    static final String FEATURES = "orca.features";

    private final Path home;
    private final Map<String, String> values = new LinkedHashMap<>();

    Settings(Path home) {
        this.home = home;
        values.put(ROOT, NodePaths.DEFAULT_ROOT);
        values.put(RUN_ROOT, "/run/orca");
        values.put(FEATURES, "core,signatures,images,storage-overlay,runtime-runc,runtime-vm,runtime-config-crio,network-cni,shell,storage-vfs,streaming,security,metrics");
    }

    /** Reads {@code conf/orca.properties} under the home directory, when there is one. */
    static Settings load(Path home) throws IOException {
        Settings settings = new Settings(home);
        Path file = home.resolve("conf/orca.properties");
        if (Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            }
            properties.stringPropertyNames().forEach(k -> settings.set(k, properties.getProperty(k).strip()));
        }
        return settings;
    }

    void set(String key, String value) {
        values.put(key, value);
    }

    Path home() {
        return home;
    }

    Path root() {
        return Path.of(values.get(ROOT));
    }

    Path runRoot() {
        return Path.of(values.get(RUN_ROOT));
    }

    Path socket() {
        return Path.of(values.getOrDefault(SOCKET, runRoot().resolve("orca.sock").toString()));
    }

    Path shellSocket() {
        return Path.of(values.getOrDefault(SHELL_SOCKET, runRoot().resolve("shell.sock").toString()));
    }

    List<String> features() {
        return List.of(values.get(FEATURES).split("\\s*,\\s*"));
    }

    /** The properties handed to Felix: the settings themselves, plus the framework's own. */
    Map<String, String> frameworkProperties() {
        Map<String, String> properties = new LinkedHashMap<>(values);
        properties.put(SOCKET, socket().toString());
        properties.put(SHELL_SOCKET, shellSocket().toString());
        properties.put("orca.home", home.toString());
        properties.put("org.osgi.framework.storage", root().resolve("osgi-cache").toString());
        properties.put("org.osgi.framework.storage.clean", "onFirstInit");
        // Logging is the launcher's (SLF4J + Logback on its class path); bundles import the API from it.
        properties.put("org.osgi.framework.system.packages.extra",
                "org.slf4j;version=2.0.17,org.slf4j.event;version=2.0.17,org.slf4j.spi;version=2.0.17");
        // Netty and the JDK's unix-socket options reach into these.
        properties.put("org.osgi.framework.bootdelegation", "sun.*,com.sun.*,jdk.*");
        properties.putIfAbsent("felix.fileinstall.dir", home.resolve("deploy").toString());
        properties.putIfAbsent("felix.fileinstall.poll", "500");
        properties.putIfAbsent("felix.fileinstall.noInitialDelay", "true");
        properties.putIfAbsent("felix.fileinstall.log.level", "3");
        properties.putIfAbsent("felix.fileinstall.log.default", "jul");
        // The files in deploy/ are the platform team's: File Install must never write configuration back into them.
        properties.putIfAbsent("felix.fileinstall.enableConfigSave", "false");
        properties.putIfAbsent("felix.log.level", "1");
        return properties;
    }
}
