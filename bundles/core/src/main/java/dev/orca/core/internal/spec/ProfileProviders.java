package dev.orca.core.internal.spec;

import dev.orca.core.internal.wait.Patience;
import dev.orca.spi.security.SecurityProfileProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The security profile providers deployed right now, one per type ({@code seccomp}, {@code apparmor}), as their
 * bundles come and go. A container that needs one waits a little for it, as the CRI calls wait for the image store:
 * a provider being updated is away for moments.
 */
public final class ProfileProviders {

    private final Supplier<Duration> patience;
    private final Map<String, SecurityProfileProvider> deployed = new HashMap<>();

    public ProfileProviders(Duration patience) {
        this(() -> patience);
    }

    /** @param patience how long a container waits for a provider now (longer while the node starts) */
    public ProfileProviders(Supplier<Duration> patience) {
        this.patience = patience;
    }

    public synchronized void bind(String type, SecurityProfileProvider provider) {
        deployed.put(type, provider);
        notifyAll();
    }

    public synchronized void unbind(String type, SecurityProfileProvider provider) {
        deployed.remove(type, provider);
    }

    /** The provider of a type deployed now, without waiting. */
    public synchronized Optional<SecurityProfileProvider> now(String type) {
        return Optional.ofNullable(deployed.get(type));
    }

    /** The provider of a type, waiting up to the patience for one. */
    Optional<SecurityProfileProvider> await(String type) {
        Duration wait = patience.get();
        synchronized (this) {
            Patience.onMonitor(this, () -> deployed.containsKey(type), wait);
            return Optional.ofNullable(deployed.get(type));
        }
    }
}
