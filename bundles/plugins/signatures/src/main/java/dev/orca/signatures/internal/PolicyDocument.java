package dev.orca.signatures.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A containers-policy.json: the default requirements and the docker transport's scopes. Read with the streaming
 * parser so that every error, syntax or meaning, names its line.
 *
 * @param file where it was read from, for messages
 */
record PolicyDocument(Path file, List<Requirement> defaults, Map<String, List<Requirement>> dockerScopes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The requirements for an image and the scope they came from ({@code default} when none matched). */
    record Scoped(String scope, List<Requirement> requirements) {
    }

    static PolicyDocument parse(byte[] bytes, Path file) throws PolicyException {
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new PolicyException(file, line(p), "the policy must be a JSON object");
            }
            List<Requirement> defaults = null;
            Map<String, List<Requirement>> docker = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                int line = line(p);
                p.nextToken();
                switch (field) {
                    case "default" -> defaults = requirements(p, file);
                    case "transports" -> transports(p, file, docker);
                    default -> throw new PolicyException(file, line, "unknown field \"" + field + "\"");
                }
            }
            if (p.nextToken() != null) {
                throw new PolicyException(file, line(p), "content after the policy object");
            }
            if (defaults == null) {
                throw new PolicyException(file, 0, "\"default\" is missing");
            }
            return new PolicyDocument(file, defaults, docker);
        } catch (JsonProcessingException e) {
            throw new PolicyException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getOriginalMessage());
        } catch (IOException e) {
            throw new PolicyException(file, 0, e.getMessage());
        }
    }

    private static void transports(JsonParser p, Path file, Map<String, List<Requirement>> docker)
            throws IOException, PolicyException {
        expect(p, JsonToken.START_OBJECT, file, "\"transports\" must be an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String transport = p.currentName();
            p.nextToken();
            expect(p, JsonToken.START_OBJECT, file, "transport \"" + transport + "\" must be an object of scopes");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String scope = p.currentName();
                int line = line(p);
                p.nextToken();
                List<Requirement> requirements = requirements(p, file);
                if (transport.equals("docker")) {
                    checkDockerScope(scope, file, line);
                    docker.put(scope, requirements);
                }
                // Other transports (atomic, oci, docker-daemon...) are not how Orca pulls: read, checked, unused.
            }
        }
    }

    private static List<Requirement> requirements(JsonParser p, Path file) throws IOException, PolicyException {
        expect(p, JsonToken.START_ARRAY, file, "requirements must be an array");
        int arrayLine = line(p);
        List<Requirement> requirements = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int line = line(p);
            JsonNode node = p.readValueAsTree();
            if (node == null || !node.isObject()) {
                throw new PolicyException(file, line, "a requirement must be an object");
            }
            try {
                requirements.add(Requirement.parse(node, file));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(file, line, e.getMessage());
            }
        }
        if (requirements.isEmpty()) {
            throw new PolicyException(file, arrayLine, "a list of requirements must not be empty");
        }
        return List.copyOf(requirements);
    }

    private static void checkDockerScope(String scope, Path file, int line) throws PolicyException {
        if (scope.isEmpty()) {
            return;
        }
        if (scope.startsWith("*.")) {
            if (scope.contains("/") || scope.contains(":") || scope.length() < 3) {
                throw new PolicyException(file, line, "wildcard scope \"" + scope + "\" must be *.host only");
            }
            return;
        }
        if (scope.contains("*")) {
            throw new PolicyException(file, line, "scope \"" + scope + "\": a wildcard only as a leading *.");
        }
    }

    private static void expect(JsonParser p, JsonToken token, Path file, String message)
            throws PolicyException {
        if (p.currentToken() != token) {
            throw new PolicyException(file, line(p), message);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /**
     * The most specific scope for an image, as containers/image looks: the full reference, the repository, each
     * namespace above it, the registry, wildcards from the longest host suffix, the transport's "" scope, then the
     * default.
     */
    Scoped requirementsFor(DockerReference image) {
        for (String scope : scopesOf(image)) {
            List<Requirement> found = dockerScopes.get(scope);
            if (found != null) {
                return new Scoped(scope.isEmpty() ? "docker" : scope, found);
            }
        }
        return new Scoped("default", defaults);
    }

    static List<String> scopesOf(DockerReference image) {
        List<String> scopes = new ArrayList<>();
        if (!image.isNameOnly()) {
            scopes.add(image.toString());
        }
        String name = image.name();
        for (int slash = name.length(); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
            scopes.add(name.substring(0, slash));
        }
        String host = image.domain().replaceFirst(":[0-9]+$", "");
        for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
            scopes.add("*" + host.substring(dot));
        }
        scopes.add("");
        return scopes;
    }
}
