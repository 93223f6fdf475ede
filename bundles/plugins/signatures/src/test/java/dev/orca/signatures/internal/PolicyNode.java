package dev.orca.signatures.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.policy.ImagePolicy.Decision;
import dev.orca.spi.policy.PolicyRequest;
import dev.orca.spi.policy.SignatureSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A node's policy files (policy.json, registries.d naming one lookaside, a policy directory) and its service. */
final class PolicyNode {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path policy;
    final Path registriesD;
    final Path policyDir;
    final SignaturePolicy service;

    PolicyNode(Path parent, String lookasideBase) throws IOException {
        this(parent, lookasideBase, Clock.systemUTC(), Duration.ofSeconds(10));
    }

    PolicyNode(Path parent, String lookasideBase, Clock clock, Duration timeout) throws IOException {
        dir = Files.createTempDirectory(parent, "node");
        policy = dir.resolve("policy.json");
        registriesD = Files.createDirectories(dir.resolve("registries.d"));
        policyDir = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(registriesD.resolve("default.yaml"), "default-docker:\n  lookaside: " + lookasideBase
                + "\n");
        service = new SignaturePolicy(policy, registriesD, Optional.of(policyDir), timeout, clock);
    }

    PolicyNode policy(String json) throws IOException {
        Files.writeString(policy, json);
        return this;
    }

    Decision check(String reference, String digest) {
        return check(reference, digest, "");
    }

    Decision check(String reference, String digest, String namespace) {
        return check(reference, digest, new byte[0], namespace);
    }

    /** With the manifest bytes the registry served. */
    Decision check(String reference, String digest, byte[] manifest, String namespace) {
        return service.check(new PolicyRequest(reference, digest, manifest, DockerReference.parse(reference).domain(),
                namespace, SignatureSource.NONE));
    }

    /** A policy whose default is one signedBy requirement: keys, and a signedIdentity (none: the default). */
    static String signedBy(List<Path> keys, Map<String, String> identity) throws IOException {
        Map<String, Object> requirement = new LinkedHashMap<>();
        requirement.put("type", "signedBy");
        requirement.put("keyType", "GPGKeys");
        if (keys.size() == 1) {
            requirement.put("keyPath", keys.get(0).toString());
        } else {
            requirement.put("keyPaths", keys.stream().map(Path::toString).toList());
        }
        if (identity != null) {
            requirement.put("signedIdentity", identity);
        }
        return JSON.writeValueAsString(Map.of("default", List.of(requirement)));
    }

    static String signedBy(Path key) throws IOException {
        return signedBy(List.of(key), null);
    }
}
