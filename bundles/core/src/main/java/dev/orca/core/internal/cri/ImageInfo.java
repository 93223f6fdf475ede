package dev.orca.core.internal.cri;

import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code info} of a verbose {@code ImageStatus} ({@code crictl inspecti}): one key, {@code info}, holding a JSON
 * object as containerd's — {@code chainID} (the top layer's), and {@code imageSpec} whose {@code config} carries the
 * OCI image configuration's own field names ({@code Env}, {@code Cmd}, ...) — plus every chain ID and when it was
 * pulled.
 */
final class ImageInfo {

    static final String KEY = "info";

    private ImageInfo() {
    }

    static Map<String, String> of(Image image) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", image.id());
        info.put("chainID", image.topChainId() == null ? "" : image.topChainId());
        info.put("chainIDs", image.chainIds());
        info.put("pulledAt", image.pulledAt() == null ? "" : image.pulledAt().toString());
        info.put("imageSpec", Map.of("config", config(image.config())));
        return Map.of(KEY, VerboseInfo.json(info));
    }

    private static Map<String, Object> config(ImageConfig c) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("User", c.user());
        config.put("Env", c.env());
        config.put("Entrypoint", c.entrypoint());
        config.put("Cmd", c.cmd());
        config.put("WorkingDir", c.workingDir());
        config.put("Labels", c.labels());
        config.put("StopSignal", c.stopSignal());
        config.put("Volumes", asSet(c.volumes()));
        config.put("ExposedPorts", asSet(c.exposedPorts()));
        return config;
    }

    /** The image spec writes a set as an object whose keys are its members and whose values are empty objects. */
    private static Map<String, Object> asSet(java.util.List<String> members) {
        Map<String, Object> set = new LinkedHashMap<>();
        members.forEach(m -> set.put(m, Map.of()));
        return set;
    }
}
