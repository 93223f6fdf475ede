package dev.orca.image.internal.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orca.spi.ImageConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An image's config blob (OCI image config / Docker container config): platform, the layers' diff IDs, and the
 * run-time defaults.
 */
public record ConfigDocument(String os, String architecture, List<String> diffIds, ImageConfig config) {

    private static final Pattern DIFF_ID = Pattern.compile("sha256:[a-f0-9]{64}");

    /**
     * @throws IllegalArgumentException when the bytes are not an image config, saying why
     */
    public static ConfigDocument parse(byte[] bytes) {
        JsonNode root;
        try {
            root = ManifestDocument.JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("the image config is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the image config cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the image config is not a JSON object");
        }
        List<String> diffIds = new ArrayList<>();
        for (JsonNode id : root.path("rootfs").path("diff_ids")) {
            if (!DIFF_ID.matcher(id.asText()).matches()) {
                throw new IllegalArgumentException("diff ID '" + id.asText() + "' is not a sha256 digest");
            }
            diffIds.add(id.asText());
        }
        JsonNode c = root.path("config");
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        ImageConfig config = new ImageConfig(c.path("User").asText(""), strings(c.path("Env")),
                strings(c.path("Entrypoint")), strings(c.path("Cmd")), c.path("WorkingDir").asText(""), labels,
                c.path("StopSignal").asText(""), keys(c.path("Volumes")), keys(c.path("ExposedPorts")));
        return new ConfigDocument(root.path("os").asText(""), root.path("architecture").asText(""), diffIds, config);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
