package dev.orca.image.internal.registry;

import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import java.net.URI;
import java.util.Locale;

/**
 * The addresses a registry hands Orca — a redirect's {@code Location}, a bearer challenge's {@code realm} — checked
 * before they are used: an http or https URL with a host, or a clear {@link ImageException}. The JDK's own answer to
 * a bad one is an IllegalArgumentException or a null authority, which said nothing to the user.
 */
final class RegistryUris {

    private RegistryUris() {
    }

    /** Where a redirect from {@code current} leads. */
    static URI redirect(URI current, String location, String registry, String what) throws ImageException {
        try {
            URI next = current.resolve(location.strip());
            if (isHttp(next)) {
                return next;
            }
        } catch (IllegalArgumentException e) {
            // not a URI reference: refused below
        }
        throw new ImageException(Kind.UNREACHABLE, "registry " + registry + " redirected " + what + " to '"
                + location + "', which is not an http or https URL");
    }

    /** The token service's URL for a query ({@code service=...&scope=...}), from a bearer challenge's realm. */
    static URI tokenService(String realm, String query, String registry) throws ImageException {
        try {
            URI uri = URI.create(query.isEmpty() ? realm : realm + (realm.contains("?") ? "&" : "?") + query);
            if (isHttp(uri)) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // not a URI: refused below
        }
        throw new ImageException(Kind.UNAUTHORIZED, "registry " + registry + " names the token service '" + realm
                + "', which is not an http or https URL");
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                && uri.getRawAuthority() != null;
    }
}
