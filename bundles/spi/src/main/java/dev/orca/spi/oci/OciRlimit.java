package dev.orca.spi.oci;

/** {@code process.rlimits[]}, such as {@code RLIMIT_NOFILE}. */
public record OciRlimit(String type, long hard, long soft) {
}
