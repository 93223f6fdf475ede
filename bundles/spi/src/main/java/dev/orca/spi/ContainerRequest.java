package dev.orca.spi;

import dev.orca.spi.oci.OciSpec;
import java.nio.file.Path;

/**
 * A container to create in a sandbox: its complete OCI spec (root filesystem already mounted at
 * {@code spec.root.path}), and where its CRI log goes.
 *
 * @param logPath the CRI log file, or null for none
 * @param stdin whether the container keeps a stdin open (attach); {@code stdinOnce} closes it after the first attach
 */
public record ContainerRequest(String id, String sandboxId, OciSpec spec, Path logPath, boolean stdin,
        boolean stdinOnce, boolean tty) {
}
