package dev.orca.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Makes the bearer tokens a distribution 2.8 registry accepts: RS256 JWTs whose {@code kid} is the libtrust key ID
 * of the certificate in the registry's {@code rootcertbundle}, with issuer and audience as the registry is
 * configured, and one {@code access} entry per granted scope.
 */
final class TokenIssuer {

    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final String issuer;
    private final String service;
    private final PrivateKey signingKey;
    private final String keyId;

    TokenIssuer(String issuer, String service, SelfSignedCertificate signingCertificate) {
        this.issuer = issuer;
        this.service = service;
        this.signingKey = signingCertificate.privateKey();
        this.keyId = LibtrustKeyId.of(signingCertificate.certificate().getPublicKey());
    }

    String issuer() {
        return issuer;
    }

    String service() {
        return service;
    }

    String keyId() {
        return keyId;
    }

    /** A token for {@code subject} ("" for anonymous) granting exactly {@code granted}. */
    String issue(String subject, List<Scope> granted, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("kid", keyId);

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        // distribution 2.8 reads "aud" as a single string, not as a list
        claims.put("aud", service);
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", granted.stream().map(Scope::accessClaim).toList());

        String signingInput = base64Url(Json.write(header)) + "." + base64Url(Json.write(claims));
        return signingInput + "." + base64Url(sign(signingInput));
    }

    private byte[] sign(String signingInput) {
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signingKey);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return rs256.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token for issuer " + issuer + ": " + e, e);
        }
    }

    private static String base64Url(String text) {
        return base64Url(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
