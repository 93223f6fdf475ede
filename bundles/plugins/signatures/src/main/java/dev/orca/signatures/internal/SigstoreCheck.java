package dev.orca.signatures.internal;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether any of an image's sigstore signatures satisfies one sigstoreSigned requirement; if none, the best reason
 * why. Keys are checked before anything is fetched, so a policy that cannot be met refuses without asking the
 * registry.
 */
final class SigstoreCheck {

    /** Reads the image's attached signatures, or says why there are none to read. */
    interface Attachments {
        /** @return the signatures found, or null when attachments are not in use for this image */
        CosignAttachments.Found read() throws PolicyException, IOException;
    }

    private SigstoreCheck() {
    }

    /** @return null when satisfied, else why not */
    static String check(Requirement.SigstoreSigned requirement, DockerReference image, String manifestDigest,
            Attachments attachments) {
        if (requirement.keyless()) {
            return "sigstoreSigned with fulcio: keyless (fulcio) verification is not supported (refused)";
        }
        if (requirement.rekor()) {
            return "sigstoreSigned with a Rekor public key: Rekor verification is not supported (refused)";
        }
        List<PublicKeys.Key> keys;
        try {
            keys = PublicKeys.load(requirement);
        } catch (IOException e) {
            return "cannot read the sigstore public key " + e.getMessage();
        }
        String names = keys.stream().map(PublicKeys.Key::name).collect(Collectors.joining(", "));
        String none = "no sigstore signature by key " + names + " for this digest";
        CosignAttachments.Found found;
        try {
            found = attachments.read();
        } catch (PolicyException | IOException e) {
            return "cannot read the sigstore signatures: " + e.getMessage();
        }
        if (found == null) {
            return none + " (use-sigstore-attachments is off in registries.d for " + image.name() + ")";
        }
        if (found.signatures().isEmpty()) {
            return none + " (none found at " + found.location() + ")";
        }
        Set<String> reasons = new LinkedHashSet<>();
        for (CosignAttachments.Attached signature : found.signatures()) {
            String failure = failure(signature, keys, requirement.identity(), image, manifestDigest);
            if (failure == null) {
                return null;
            }
            reasons.add(failure);
        }
        return none + " (" + String.join("; ", reasons) + ")";
    }

    private static String failure(CosignAttachments.Attached signature, List<PublicKeys.Key> keys,
            SignedIdentity identity, DockerReference image, String manifestDigest) {
        String layer = "the signature in layer " + signature.layer();
        if (signature.base64Signature() == null) {
            return layer + " has no " + CosignAttachments.SIGNATURE_ANNOTATION + " annotation";
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(signature.base64Signature());
        } catch (IllegalArgumentException e) {
            return layer + " is not base64";
        }
        PublicKeys.Key signer = keys.stream().filter(k -> k.verifies(signature.payload(), bytes)).findFirst()
                .orElse(null);
        if (signer == null) {
            return layer + " does not verify with the trusted key" + (keys.size() == 1 ? "" : "s");
        }
        SimpleSigningPayload payload;
        try {
            payload = SimpleSigningPayload.parse(signature.payload(), SimpleSigningPayload.SIGSTORE);
        } catch (IllegalArgumentException e) {
            return "signature by key " + signer.name() + ": " + e.getMessage();
        }
        String mismatch = payload.mismatch(image, manifestDigest, identity);
        return mismatch == null ? null : "the signature by key " + signer.name() + " " + mismatch;
    }
}
