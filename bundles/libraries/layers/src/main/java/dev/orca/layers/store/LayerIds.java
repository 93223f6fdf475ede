package dev.orca.layers.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** The names storage uses: sha256 digests for layers (they become directory names), container IDs. */
public final class LayerIds {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private LayerIds() {
    }

    /** The hex part of a {@code sha256:<64 lowercase hex>} digest; anything else is refused, naming {@code what}. */
    public static String hex(String what, String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException(what + " \"" + digest + "\" is not a sha256 digest (sha256:<64 hex>)");
        }
        return digest.substring("sha256:".length());
    }

    /** The chain ID of a layer on {@code parentChainId} (null for a base layer) with {@code diffId}. */
    public static String chainId(String parentChainId, String diffId) {
        if (parentChainId == null) {
            return diffId;
        }
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256")
                    .digest((parentChainId + " " + diffId).getBytes(StandardCharsets.US_ASCII));
            return "sha256:" + HexFormat.of().formatHex(sum);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Checks the three names of a layer: well-formed digests, and a chain ID that follows from the parent and the
     * diff ID (OCI image spec), so that one chain ID always names the same content.
     */
    public static void checkLayer(String chainId, String parentChainId, String diffId) {
        hex("chain ID", chainId);
        hex("diff ID of layer " + chainId, diffId);
        if (parentChainId != null) {
            hex("parent chain ID of layer " + chainId, parentChainId);
        }
        String expected = chainId(parentChainId, diffId);
        if (!Objects.equals(expected, chainId)) {
            throw new IllegalArgumentException("layer " + chainId + ": the chain ID does not follow from parent "
                    + parentChainId + " and diff ID " + diffId + " (that would be " + expected + ")");
        }
    }

    /** Checks a container ID, which becomes a directory name. */
    public static String container(String id) {
        if (id == null || !CONTAINER.matcher(id).matches()) {
            throw new IllegalArgumentException("container ID \"" + id + "\" is not valid: letters, digits, '_', '.'"
                    + " and '-', starting with a letter or digit, at most 128");
        }
        return id;
    }
}
