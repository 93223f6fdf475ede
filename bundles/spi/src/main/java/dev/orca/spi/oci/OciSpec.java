package dev.orca.spi.oci;

import java.util.List;
import java.util.Map;

/** The whole {@code config.json}. */
public record OciSpec(String ociVersion, OciProcess process, OciRoot root, String hostname, List<OciMount> mounts,
        OciLinux linux, Map<String, String> annotations) {

    public static final String VERSION = "1.0.2";
}
