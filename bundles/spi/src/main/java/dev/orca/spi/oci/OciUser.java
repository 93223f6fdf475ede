package dev.orca.spi.oci;

import java.util.List;

/** {@code process.user}. */
public record OciUser(long uid, long gid, List<Long> additionalGids, Integer umask) {
}
