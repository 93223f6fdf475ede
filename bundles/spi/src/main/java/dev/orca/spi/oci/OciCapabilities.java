package dev.orca.spi.oci;

import java.util.List;

/** {@code process.capabilities}: names such as {@code CAP_CHOWN}. */
public record OciCapabilities(List<String> bounding, List<String> effective, List<String> inheritable,
        List<String> permitted, List<String> ambient) {
}
