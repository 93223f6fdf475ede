package dev.orca.image.internal.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.orca.image.internal.reference.ImageReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The registry settings platform teams already write for CRI-O and Podman: containers-registries.conf version 2
 * (TOML) — unqualified-search registries, and per-prefix location, mirrors, insecure and blocked.
 */
public final class RegistriesConf {

    public static final RegistriesConf EMPTY = new RegistriesConf(List.of(), List.of());

    private final List<String> searchRegistries;
    private final List<RegistryRule> rules;

    RegistriesConf(List<String> searchRegistries, List<RegistryRule> rules) {
        this.searchRegistries = List.copyOf(searchRegistries);
        this.rules = List.copyOf(rules);
    }

    public List<String> searchRegistries() {
        return searchRegistries;
    }

    public List<RegistryRule> rules() {
        return rules;
    }

    /**
     * Parses the file's text.
     *
     * @param source names the file in errors
     * @throws IllegalArgumentException naming the file, the line and the cause
     */
    public static RegistriesConf parse(String toml, String source) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(toml);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(source + (at != null ? ": line " + at.getLineNr() : "") + ": "
                    + e.getOriginalMessage());
        }
        if (root == null) {
            return EMPTY;
        }
        if (root.has("registries")) {
            throw new IllegalArgumentException(source + ": version 1 tables ([registries.search] ...) are not"
                    + " supported; use version 2 (unqualified-search-registries, [[registry]])");
        }
        List<String> search = new ArrayList<>();
        root.path("unqualified-search-registries").forEach(n -> search.add(n.asText()));
        List<RegistryRule> rules = new ArrayList<>();
        for (JsonNode table : root.path("registry")) {
            rules.add(rule(table, source));
        }
        return new RegistriesConf(search, rules);
    }

    private static RegistryRule rule(JsonNode table, String source) {
        String location = table.path("location").asText("");
        String prefix = table.path("prefix").asText(location);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException(source + ": a [[registry]] table has neither prefix nor location");
        }
        List<RegistryRule.Mirror> mirrors = new ArrayList<>();
        for (JsonNode mirror : table.path("mirror")) {
            String pullFrom = mirror.path("pull-from-mirror").asText("all");
            if (!List.of("all", "digest-only", "tag-only").contains(pullFrom)) {
                throw new IllegalArgumentException(source + ": registry '" + prefix + "': pull-from-mirror '"
                        + pullFrom + "' is not all, digest-only or tag-only");
            }
            mirrors.add(new RegistryRule.Mirror(mirror.path("location").asText(), mirror.path("insecure").asBoolean(),
                    pullFrom));
        }
        return new RegistryRule(prefix, location.isEmpty() ? prefix : location, table.path("insecure").asBoolean(),
                table.path("blocked").asBoolean(), table.path("mirror-by-digest-only").asBoolean(), mirrors);
    }

    /** The rule with the longest prefix that covers the reference's name. */
    Optional<RegistryRule> ruleFor(ImageReference reference) {
        String name = reference.name();
        return rules.stream().filter(r -> r.match(name) >= 0)
                .max(Comparator.comparingInt(r -> r.match(name)));
    }

    /** Whether a rule blocks pulls of this reference. */
    public boolean isBlocked(ImageReference reference) {
        return ruleFor(reference).map(RegistryRule::blocked).orElse(false);
    }

    /** Where to pull a reference from, in order: mirrors that apply, then the location (or the registry itself). */
    public List<PullSource> sources(ImageReference reference) {
        Optional<RegistryRule> rule = ruleFor(reference);
        if (rule.isEmpty()) {
            return List.of(new PullSource(reference, false));
        }
        RegistryRule r = rule.get();
        List<PullSource> sources = new ArrayList<>();
        boolean mirrorsApply = !r.mirrorByDigestOnly() || reference.hasDigest();
        for (RegistryRule.Mirror mirror : r.mirrors()) {
            boolean fits = switch (mirror.pullFrom()) {
                case "digest-only" -> reference.hasDigest();
                case "tag-only" -> !reference.hasDigest();
                default -> true;
            };
            if (mirrorsApply && fits) {
                sources.add(new PullSource(rewrite(reference, r, mirror.location()), mirror.insecure()));
            }
        }
        sources.add(new PullSource(rewrite(reference, r, r.location()), r.insecure()));
        return sources;
    }

    private static ImageReference rewrite(ImageReference reference, RegistryRule rule, String location) {
        if (rule.prefix().startsWith("*.")) {
            return reference;
        }
        String rest = reference.name().substring(rule.prefix().length());
        String target = location + rest;
        int slash = target.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("registry location '" + location + "' leaves no repository for "
                    + reference);
        }
        return new ImageReference(target.substring(0, slash), target.substring(slash + 1), reference.tag(),
                reference.digest());
    }
}
