package dev.orca.core.internal.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lowest oom_score_adj containers may get. Without CAP_SYS_RESOURCE the kernel refuses to set a value below the
 * caller's own, and the runtime inherits the daemon's: so the daemon's own value is the floor.
 */
final class OomScoreFloor {

    private OomScoreFloor() {
    }

    static int ofThisProcess() {
        try {
            boolean canLower = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("CapEff:")).findFirst()
                    .map(l -> (Long.parseUnsignedLong(l.substring(7).strip(), 16) & (1L << 24)) != 0).orElse(false);
            return canLower ? -1000 : Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
