package dev.orca.image.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orca.spi.ImageException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Found by RegistryResponseFuzzTest: a bad Location or realm threw IllegalArgumentException or NullPointerException. */
class RegistryUrisTest {

    private static final URI AT = URI.create("https://reg.example/v2/a/manifests/1");

    @Test
    void aRedirectResolvesAgainstTheRequest() throws ImageException {
        assertEquals(URI.create("https://reg.example/v2/b"), RegistryUris.redirect(AT, "/v2/b", "reg", "manifest 1"));
        assertEquals(URI.create("https://cdn.example/x?s=1"), RegistryUris.redirect(AT, " https://cdn.example/x?s=1",
                "reg", "manifest 1"));
    }

    @Test
    void aRedirectToSomethingElseThanHttpIsRefused() {
        for (String location : new String[] {"file:///etc/passwd", "mailto:a@b", "http://a b/", "https:///x", "%zz"}) {
            ImageException e = assertThrows(ImageException.class, () -> RegistryUris.redirect(AT, location, "reg",
                    "manifest 1"));
            assertEquals("registry reg redirected manifest 1 to '" + location + "', which is not an http or https URL",
                    e.getMessage());
        }
    }

    @Test
    void aRealmThatIsNoHttpUrlIsRefused() throws ImageException {
        assertEquals(URI.create("https://auth/t?a=1&service=s"), RegistryUris.tokenService("https://auth/t?a=1",
                "service=s", "reg"));
        ImageException e = assertThrows(ImageException.class, () -> RegistryUris.tokenService("Registry Realm", "",
                "reg"));
        assertEquals(ImageException.Kind.UNAUTHORIZED, e.kind());
    }
}
