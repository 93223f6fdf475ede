package dev.orca.image.internal.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Chain IDs (OCI image spec): the name of a layer together with everything under it. */
public final class LayerChains {

    private LayerChains() {
    }

    /** The chain ID of each layer, base first, from the layers' diff IDs. */
    public static List<String> of(List<String> diffIds) {
        List<String> chains = new ArrayList<>();
        String previous = null;
        for (String diffId : diffIds) {
            previous = previous == null ? diffId : sha256(previous + " " + diffId);
            chains.add(previous);
        }
        return chains;
    }

    private static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
