package dev.orca.testkit;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The {@code config.yml} of one docker-registry process: filesystem storage, a loopback address, and optionally TLS,
 * htpasswd auth or token auth. Deletes are enabled so that tests can remove manifests and blobs.
 */
record RegistryConfig(int port, Path storage, SelfSignedCertificate tls, Path htpasswd, TokenAuth token) {

    static final String BASIC_REALM = "orca-testkit";

    /** What the registry needs to verify the token server's JWTs. */
    record TokenAuth(String realm, String service, String issuer, Path rootCertificateBundle) {
    }

    RegistryConfig {
        if (htpasswd != null && token != null) {
            throw new IllegalArgumentException("a registry takes either htpasswd or token auth, not both");
        }
    }

    RegistryConfig onPort(int otherPort) {
        return new RegistryConfig(otherPort, storage, tls, htpasswd, token);
    }

    String yaml() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("version: 0.1\n");
        yaml.append("log:\n  level: info\n  formatter: text\n");
        yaml.append("storage:\n");
        yaml.append("  filesystem:\n    rootdirectory: ").append(quoted(storage)).append('\n');
        yaml.append("  delete:\n    enabled: true\n");
        // the purger only matters for long-lived registries, and its log lines are noise in a test's log tail
        yaml.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        yaml.append("http:\n");
        yaml.append("  addr: ").append(quoted("127.0.0.1:" + port)).append('\n');
        yaml.append("  secret: ").append(quoted(UUID.randomUUID().toString())).append('\n');
        if (tls != null) {
            yaml.append("  tls:\n");
            yaml.append("    certificate: ").append(quoted(tls.certificateFile())).append('\n');
            yaml.append("    key: ").append(quoted(tls.privateKeyFile())).append('\n');
        }
        if (htpasswd != null) {
            yaml.append("auth:\n  htpasswd:\n");
            yaml.append("    realm: ").append(quoted(BASIC_REALM)).append('\n');
            yaml.append("    path: ").append(quoted(htpasswd)).append('\n');
        }
        if (token != null) {
            yaml.append("auth:\n  token:\n");
            yaml.append("    realm: ").append(quoted(token.realm())).append('\n');
            yaml.append("    service: ").append(quoted(token.service())).append('\n');
            yaml.append("    issuer: ").append(quoted(token.issuer())).append('\n');
            yaml.append("    rootcertbundle: ").append(quoted(token.rootCertificateBundle())).append('\n');
        }
        return yaml.toString();
    }

    /** A YAML double-quoted scalar, so that paths and secrets need no further thought. */
    private static String quoted(Object value) {
        return '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
