package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.AuthConfig;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials really checked: a registry with htpasswd basic auth, and one with token auth through a realm. */
class AuthenticatedPullsIT {

    @TempDir
    static Path dir;
    static TestRegistry basic;
    static TestRegistry token;
    static OrcaDaemon orca;
    static PushedImage basicImage;
    static PushedImage tokenImage;

    @BeforeAll
    static void start() throws Exception {
        basic = TestRegistry.withBasicAuth("alice", "wonderland");
        token = TestRegistry.withTokenAuth("bob", "builder");
        basicImage = TestImages.singleLayer(basic, "private/busybox:1");
        tokenImage = TestImages.singleLayer(token, "private/busybox:1");
        orca = OrcaDaemon.withRegistries(dir, OrcaDaemon.insecure(basic.host(), token.host()), Map.of(), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (orca != null) {
            orca.close();
        }
        if (basic != null) {
            basic.close();
        }
        if (token != null) {
            token.close();
        }
    }

    static String pull(String reference, AuthConfig auth) {
        return orca.pull(reference, auth);
    }

    static AuthConfig user(String name, String password) {
        return AuthConfig.newBuilder().setUsername(name).setPassword(password).build();
    }

    static void assertDenied(String reference, AuthConfig auth, String expected) {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> pull(reference, auth));
        assertEquals(Status.Code.PERMISSION_DENIED, error.getStatus().getCode(), error.getMessage());
        assertTrue(error.getStatus().getDescription().contains(reference), error.getMessage());
        assertTrue(error.getStatus().getDescription().contains(expected), error.getMessage());
    }

    @Test
    void basicAuthNeedsTheRightCredentials() {
        assertDenied(basicImage.reference(), AuthConfig.getDefaultInstance(), "requires credentials");
        assertDenied(basicImage.reference(), user("alice", "wrong"), "refused the credentials of 'alice'");

        assertEquals(basicImage.imageId(), pull(basicImage.reference(), user("alice", "wonderland")));
    }

    @Test
    void basicAuthAcceptsTheEncodedAuthField() {
        String encoded = Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8));
        assertEquals(basicImage.imageId(), pull(basicImage.reference(),
                AuthConfig.newBuilder().setAuth(encoded).build()));
    }

    @Test
    void tokenAuthGoesThroughTheRealm() {
        assertDenied(tokenImage.reference(), user("bob", "wrong"), "refused the credentials of 'bob'");

        assertEquals(tokenImage.imageId(), pull(tokenImage.reference(), user("bob", "builder")));
    }

    @Test
    void anIdentityTokenIsExchangedAtTheRealm() {
        String refresh = token.tokenServer().orElseThrow().issueRefreshToken();

        assertEquals(tokenImage.imageId(), pull(tokenImage.reference(),
                AuthConfig.newBuilder().setIdentityToken(refresh).build()));
        assertDenied(tokenImage.reference(), AuthConfig.newBuilder().setIdentityToken("not-issued").build(),
                "refused");
    }

    @Test
    void tokenAuthWithoutCredentialsIsDenied() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> pull(tokenImage.reference(), AuthConfig.getDefaultInstance()));
        assertEquals(Status.Code.PERMISSION_DENIED, error.getStatus().getCode(), error.getMessage());
    }
}
