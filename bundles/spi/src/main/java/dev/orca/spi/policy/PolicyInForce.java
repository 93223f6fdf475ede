package dev.orca.spi.policy;

import java.util.Map;
import java.util.Objects;

/**
 * What an image policy enforces right now, as {@code crictl info} (under {@code imagePolicy}) and the shell show it.
 *
 * @param source where the node's policy comes from ({@code /etc/containers/policy.json})
 * @param usable whether it can be read and understood; while it cannot, every pull it governs is refused
 * @param detail its scopes in one line when usable ({@code default: reject; docker reg:5000: signedBy}), else why
 *     it is refused ({@code /etc/containers/policy.json line 3: ...})
 * @param namespaces the namespaces with a policy of their own, each with its file
 */
public record PolicyInForce(String source, boolean usable, String detail, Map<String, String> namespaces) {

    public PolicyInForce {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detail, "detail");
        namespaces = Map.copyOf(namespaces);
    }
}
