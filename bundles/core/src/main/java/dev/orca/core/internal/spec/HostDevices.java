package dev.orca.core.internal.spec;

import dev.orca.spi.oci.OciDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The node's device nodes: one named in a request, or all of them for a privileged container. */
interface HostDevices {

    /** @throws SpecException when the path is not a device node */
    OciDevice describe(Path hostPath, String containerPath) throws SpecException;

    List<OciDevice> all();

    /** The real {@code /dev}. */
    HostDevices LINUX = new HostDevices() {
        @Override
        public OciDevice describe(Path hostPath, String containerPath) throws SpecException {
            try {
                int mode = (Integer) Files.getAttribute(hostPath, "unix:mode");
                long rdev = (Long) Files.getAttribute(hostPath, "unix:rdev");
                String type = switch (mode & 0170000) {
                    case 0020000 -> "c";
                    case 0060000 -> "b";
                    default -> throw new SpecException("device '" + hostPath + "' is not a device node");
                };
                long major = (rdev >> 8) & 0xfff | (rdev >> 32) & ~0xfffL;
                long minor = rdev & 0xff | (rdev >> 12) & ~0xffL;
                return new OciDevice(containerPath, type, major, minor, mode & 07777,
                        ((Number) Files.getAttribute(hostPath, "unix:uid")).longValue(),
                        ((Number) Files.getAttribute(hostPath, "unix:gid")).longValue());
            } catch (IOException e) {
                throw new SpecException("device '" + hostPath + "' does not exist");
            }
        }

        @Override
        public List<OciDevice> all() {
            List<OciDevice> found = new ArrayList<>();
            try (Stream<Path> entries = Files.walk(Path.of("/dev"), 2)) {
                for (Path p : entries.toList()) {
                    String name = p.toString();
                    if (name.startsWith("/dev/pts") || name.startsWith("/dev/shm") || name.startsWith("/dev/mqueue")
                            || Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                            || Files.isDirectory(p) || Files.isRegularFile(p)) {
                        continue;
                    }
                    try {
                        found.add(describe(p, name));
                    } catch (SpecException notADevice) {
                        // sockets and fifos in /dev are not devices
                    }
                }
            } catch (IOException e) {
                // a container without host devices rather than none at all
            }
            return found;
        }
    };
}
