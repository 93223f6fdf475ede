package dev.orca.image.internal.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code WWW-Authenticate} challenge: its scheme ({@code bearer} or {@code basic}) and parameters. */
record Challenge(String scheme, Map<String, String> parameters) {

    /**
     * {@code name="quoted"} or {@code name=token}, found by RegistryResponseFuzzTest to need care with long headers:
     * the quoted value is an unrolled loop of possessive runs (the plain {@code (?:[^"\\]|\\.)*} recursed once
     * per character and overflowed the stack), and a name starts only where a run of name characters starts (else
     * each position of a long run was tried again, quadratic: 40,000 letters took 6 s).
     */
    private static final Pattern PARAMETER =
            Pattern.compile("(?<![A-Za-z_])([A-Za-z_]++)=(?:\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"|([^,\\s]*+))");

    static Optional<Challenge> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (space > 0) {
            Matcher m = PARAMETER.matcher(trimmed.substring(space + 1));
            while (m.find()) {
                parameters.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2) : m.group(3));
            }
        }
        return Optional.of(new Challenge(scheme, parameters));
    }

    String realm() {
        return parameters.getOrDefault("realm", "");
    }

    String service() {
        return parameters.getOrDefault("service", "");
    }
}
