package dev.orca.core.internal.pods;

import dev.orca.spi.ContainerState;
import dev.orca.spi.oci.OciUser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container as the node keeps it: its CRI identity, image, handler (by name), log path, and the last state its
 * handler reported (what is shown while the handler is away).
 *
 * @param image the image as the request named it
 * @param imageId the stored image's ID
 * @param imageRef the image's digest reference, or its ID
 * @param mounts the requested mounts, for status
 * @param user the uid, gid and supplemental groups its process was given (null in records older than that)
 * @param privileged whether the request asked for a privileged container (false in records older than that)
 */
public record ContainerRecord(String id, String podId, String name, int attempt, String image, String imageId,
        String imageRef, String handler, Path logPath, Map<String, String> labels, Map<String, String> annotations,
        List<RecordedMount> mounts, Instant createdAt, ContainerState lastState, OciUser user, boolean privileged) {

    public ContainerRecord withState(ContainerState state) {
        return new ContainerRecord(id, podId, name, attempt, image, imageId, imageRef, handler, logPath, labels,
                annotations, mounts, createdAt, state, user, privileged);
    }

    String reservedName() {
        return podId + "_" + name + "_" + attempt;
    }
}
