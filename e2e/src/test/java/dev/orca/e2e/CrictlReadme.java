package dev.orca.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's crictl section as the test reads it: the command lines of the block after the {@code crictl-e2e}
 * marker, and the {@code pod.json} and {@code container.json} shown under their names, so the test runs what the
 * README tells a user to run.
 */
record CrictlReadme(List<String> commands, String podJson, String containerJson) {

    static final String MARKER = "<!-- crictl-e2e:";

    static CrictlReadme read(Path readme) throws IOException {
        String text = Files.readString(readme);
        int marker = text.indexOf(MARKER);
        if (marker < 0) {
            throw new AssertionError(readme + " has no crictl block (marker " + MARKER + ")");
        }
        List<String> commands = block(readme, text, marker, "```sh\n").lines().filter(l -> !l.isBlank()).toList();
        return new CrictlReadme(commands, block(readme, text, text.indexOf("`pod.json`:", marker), "```json\n"),
                block(readme, text, text.indexOf("`container.json`", marker), "```json\n"));
    }

    /** The body of the first fence opened by {@code opening} after {@code from}. */
    private static String block(Path readme, String text, int from, String opening) {
        int start = from < 0 ? -1 : text.indexOf(opening, from);
        int end = start < 0 ? -1 : text.indexOf("\n```", start + opening.length() - 1);
        if (end < 0) {
            throw new AssertionError(readme + ": no " + opening.strip() + " block after position " + from);
        }
        return text.substring(start + opening.length(), end + 1);
    }
}
