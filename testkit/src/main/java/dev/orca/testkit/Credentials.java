package dev.orca.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A user name and password that a {@link TestRegistry} (or its token server) accepts. */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("user name \"" + user + "\" must be non-empty and free of ':'");
        }
        if (password.contains("\n") || password.contains("\r")) {
            // htpasswd reads the password as one line from stdin
            throw new IllegalArgumentException("the password of " + user + " must be a single line");
        }
    }

    /** The value of an {@code Authorization} header for HTTP basic authentication. */
    public String basicAuthorization() {
        String pair = user + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps the password out of test reports and logs. */
    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
