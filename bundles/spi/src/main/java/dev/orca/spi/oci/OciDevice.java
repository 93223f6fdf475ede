package dev.orca.spi.oci;

/** {@code linux.devices[]}: a device node to create in the container. */
public record OciDevice(String path, String type, long major, long minor, Integer fileMode, Long uid, Long gid) {
}
