package dev.orca.runtime.oci.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lowest {@code oom_score_adj} a container may ask for. Without CAP_SYS_RESOURCE the kernel refuses to go below
 * the value this process has, so runc would fail to create the container; the spec's value is raised to that.
 */
final class OomScoreLimit {

    private static final int CAP_SYS_RESOURCE = 24;

    private final int minimum;

    OomScoreLimit(int minimum) {
        this.minimum = minimum;
    }

    /** The limit of this process, from {@code /proc/self}. */
    static OomScoreLimit ofThisProcess(Path proc) {
        try {
            String status = Files.readString(proc.resolve("self/status"));
            String capEff = status.lines().filter(l -> l.startsWith("CapEff:")).findFirst().orElse("CapEff: 0")
                    .substring("CapEff:".length()).strip();
            if (new BigInteger(capEff, 16).testBit(CAP_SYS_RESOURCE)) {
                return new OomScoreLimit(-1000);
            }
            return new OomScoreLimit(Integer.parseInt(Files.readString(proc.resolve("self/oom_score_adj")).strip()));
        } catch (IOException | RuntimeException e) {
            return new OomScoreLimit(0);
        }
    }

    int minimum() {
        return minimum;
    }

    /** @param requested the spec's value, or null for none */
    Integer clamp(Integer requested) {
        if (requested == null) {
            return null;
        }
        return Math.min(1000, Math.max(requested, minimum));
    }
}
