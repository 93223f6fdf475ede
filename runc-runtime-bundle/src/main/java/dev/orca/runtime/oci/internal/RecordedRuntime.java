package dev.orca.runtime.oci.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The runtime a container was created with (binary, state root, global arguments), kept beside its bundle: when the
 * handler's configuration is edited, new containers take the new settings while existing ones are still reached
 * through the runtime and root that know them.
 */
record RecordedRuntime(String runtimePath, String runtimeRoot, List<String> runtimeArgs) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "runtime.json";

    static RecordedRuntime of(RuntimeSettings settings) {
        return new RecordedRuntime(settings.runtimePath().toString(), settings.runtimeRoot().toString(),
                settings.runtimeArgs());
    }

    void write(Path bundle) throws IOException {
        StateFiles.replaceUnflushed(bundle.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    /** The settings to reach a container in {@code bundle} with: the recorded runtime, or {@code current}. */
    static RuntimeSettings settingsFor(Path bundle, RuntimeSettings current) {
        Path file = bundle.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return current;
        }
        try {
            RecordedRuntime recorded = JSON.readValue(file.toFile(), RecordedRuntime.class);
            return new RuntimeSettings(current.name(), Path.of(recorded.runtimePath()),
                    Path.of(recorded.runtimeRoot()), recorded.runtimeArgs(), current.monitorPath(),
                    current.runRoot());
        } catch (IOException e) {
            return current;
        }
    }
}
