package dev.orca.core.internal.pods;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Sandbox and container IDs: 64 random hex digits, as CRI-O and containerd make them. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
