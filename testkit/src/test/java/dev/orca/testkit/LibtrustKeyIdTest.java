package dev.orca.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibtrustKeyIdTest {

    /** An EC P-256 public key and its key ID as libtrust's algorithm gives it (computed independently in Python). */
    private static final String PUBLIC_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEzQP++P356SmVoWFqhuveTe7oF"
            + "igWLCSOKfWT0FGdKxK1z8uv63zBwnJo90tVwjzp/GWdsr2D4dI37lRYKij64g==";
    private static final String KEY_ID = "HQ6X:5I7A:554X:AFJ4:QBGE:HJ4V:JAIA:KKME:FTCO:K3SE:PXJI:JTRJ";

    @Test
    void matchesTheKnownKeyIdOfAKey() {
        assertEquals(KEY_ID, LibtrustKeyId.of(Base64.getDecoder().decode(PUBLIC_KEY)));
    }

    @Test
    void givesTwelveGroupsOfFourBase32CharactersForAnRsaCertificate(@TempDir Path directory) {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(directory, "signing", "test");
        String keyId = LibtrustKeyId.of(certificate.certificate().getPublicKey());
        assertTrue(keyId.matches("[A-Z2-7]{4}(:[A-Z2-7]{4}){11}"), keyId);
    }
}
