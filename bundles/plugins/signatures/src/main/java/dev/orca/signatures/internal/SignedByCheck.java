package dev.orca.signatures.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
        Set<String> reasons = new LinkedHashSet<>();
        for (byte[] signature : signatures) {
            GpgSignatures.Opened opened = GpgSignatures.open(signature, trusted, now);
            if (!opened.trusted()) {
                reasons.add(opened.failure());
                continue;
            }
            SimpleSigningPayload payload;
            try {
                payload = SimpleSigningPayload.parse(opened.payload(), SimpleSigningPayload.SIMPLE_SIGNING);
            } catch (IllegalArgumentException e) {
                reasons.add("signature by key " + opened.keyId() + ": " + e.getMessage());
                continue;
            }
            String mismatch = payload.mismatch(image, manifestDigest, requirement.identity());
            if (mismatch != null) {
                reasons.add("the signature by key " + opened.keyId() + " " + mismatch);
                continue;
            }
            return null;
        }
        return "no signature by key " + keys + " for this digest (" + String.join("; ", reasons) + ")";
    }
}
