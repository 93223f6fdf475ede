package dev.orca.testkit.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Mutates a valid document (JSON, TOML, a header) into the near-misses a parser meets: a range deleted, duplicated
 * or cut off, a character replaced, a token of the format (a bracket, a quote, a keyword, a huge number, a deep
 * nesting) inserted. The seed stays recognisable, so the parser gets past its first check most of the time.
 */
public final class TextMutations {

    /** Tokens most formats trip on; a caller adds its format's own keywords. */
    public static final List<String> COMMON = List.of("{", "}", "[", "]", "\"", "'", ":", ",", "=", "\n", "\\",
            "\\u0000", "null", "true", "-1", "0", "1e309", "99999999999999999999999", "-9223372036854775809", "NaN",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "{\"a\":".repeat(40), "\u0000", "\u00e9", "\ud800", "#", "[[x]]",
            "\"\"\"", "x".repeat(5000));

    private TextMutations() {
    }

    /** One to eight mutations of {@code seed}, with tokens from {@link #COMMON} and {@code keywords}. */
    public static String mutate(String seed, Random random, List<String> keywords) {
        StringBuilder text = new StringBuilder(seed);
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(16)));
                case 1 -> text.insert(at, token(random, keywords));
                case 2 -> {
                    if (at < text.length()) {
                        text.setCharAt(at, (char) (random.nextInt(4) == 0 ? random.nextInt(0x10000)
                                : 0x20 + random.nextInt(0x5f)));
                    }
                }
                case 3 -> {
                    int end = Math.min(text.length(), at + random.nextInt(64));
                    text.insert(at, text.substring(at, end));
                }
                case 4 -> text.setLength(at);
                default -> text.insert(at, token(random, keywords) + token(random, keywords));
            }
        }
        return text.toString();
    }

    private static String token(Random random, List<String> keywords) {
        return !keywords.isEmpty() && random.nextBoolean() ? keywords.get(random.nextInt(keywords.size()))
                : COMMON.get(random.nextInt(COMMON.size()));
    }
}
