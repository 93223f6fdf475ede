package dev.orca.signatures.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;

/** Whether any of an image's simple signatures satisfies one signedBy requirement; if none, the best reason why. */
final class SignedByCheck {

    private SignedByCheck() {
    }

    /** @return null when satisfied, else why not */
    static String check(Requirement.SignedBy requirement, DockerReference image, String manifestDigest,
            List<byte[]> signatures, Instant now) {
        PGPPublicKeyRingCollection trusted;
        try {
            List<byte[]> keyrings = new ArrayList<>(requirement.keyData());
            for (Path path : requirement.keyPaths()) {
                keyrings.add(Files.readAllBytes(path));
            }
            trusted = GpgSignatures.keyrings(keyrings);
        } catch (IOException e) {
            return "cannot read the trusted keys " + requirement.keyPaths() + ": " + e.getMessage();
        }
        String keys = GpgSignatures.fingerprints(trusted);
        if (signatures.isEmpty()) {
            return "no signature by key " + keys + " for this digest (none found)";
        }
        // Each reason once, with the signatures it applies to (signature-N, as the store names them).
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (int index = 0; index < signatures.size(); index++) {
            String reason = refusal(requirement, image, manifestDigest, signatures.get(index), trusted, now);
            if (reason == null) {
                return null;
            }
            reasons.computeIfAbsent(reason, r -> new ArrayList<>()).add("signature-" + (index + 1));
        }
        StringBuilder all = new StringBuilder();
        reasons.forEach((reason, which) -> all.append(all.length() == 0 ? "" : "; ").append(String.join(", ", which))
                .append(": ").append(reason));
        return "no signature by key " + keys + " for this digest (" + all + ")";
    }

    /** @return null when this signature satisfies the requirement, else why not */
    private static String refusal(Requirement.SignedBy requirement, DockerReference image, String manifestDigest,
            byte[] signature, PGPPublicKeyRingCollection trusted, Instant now) {
        GpgSignatures.Opened opened = GpgSignatures.open(signature, trusted, now);
        if (!opened.trusted()) {
            return opened.failure();
        }
        SimpleSigningPayload payload;
        try {
            payload = SimpleSigningPayload.parse(opened.payload(), SimpleSigningPayload.SIMPLE_SIGNING);
        } catch (IllegalArgumentException e) {
            return "signature by key " + opened.keyId() + ": " + e.getMessage();
        }
        String mismatch = payload.mismatch(image, manifestDigest, requirement.identity());
        return mismatch == null ? null : "the signature by key " + opened.keyId() + " " + mismatch;
    }
}
