package dev.orca.spi.policy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether a pulled image may be kept (containers-policy.json, signatures). The image store asks it after the
 * manifest is fetched and checked against its digest, and before any layer is stored or the image recorded; a
 * refusal fails the pull and leaves nothing of the image behind.
 *
 * <p>Fails closed: a policy that cannot be read, an error while fetching or verifying signatures, a requirement it
 * does not know are refusals, never acceptances. Without an ImagePolicy service the image store pulls without
 * verification.
 */
@ConsumerType
public interface ImagePolicy {

    /** Accept or refuse one image; must not throw (an error is a refusal with its cause). */
    Decision check(PolicyRequest request);

    /** The policy in force, read afresh (a file changed since the last pull shows as it is now); must not throw. */
    PolicyInForce inForce();

    /**
     * The answer.
     *
     * @param accepted whether the image may be kept
     * @param reason for a refusal: the policy file in force and the cause, ready to show the user
     *     ({@code /etc/containers/policy.json: no signature by key 0x… for this digest}); for an acceptance, which
     *     requirement let it in (for logs)
     */
    record Decision(boolean accepted, String reason) {

        public static Decision accept(String why) {
            return new Decision(true, why);
        }

        public static Decision refuse(String reason) {
            return new Decision(false, reason);
        }
    }
}
