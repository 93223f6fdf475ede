package dev.orca.apparmor.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * AppArmor as the kernel shows it: {@code /sys/module/apparmor/parameters/enabled} says whether it is on,
 * {@code /sys/kernel/security/apparmor/profiles} lists the loaded profiles ({@code name (mode)} a line), and
 * {@code apparmor_parser} loads policy.
 */
final class KernelAppArmor implements AppArmorHost {

    static final Path ENABLED = Path.of("/sys/module/apparmor/parameters/enabled");
    static final Path PROFILES = Path.of("/sys/kernel/security/apparmor/profiles");

    private final String parser;

    KernelAppArmor(String parser) {
        this.parser = parser;
    }

    @Override
    public boolean enabled() {
        try {
            return Files.readString(ENABLED).strip().equals("Y");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Set<String> loadedProfiles() throws IOException {
        return Files.readAllLines(PROFILES, StandardCharsets.UTF_8).stream()
                .map(line -> line.endsWith(")") && line.contains(" (") ? line.substring(0, line.lastIndexOf(" ("))
                        : line.strip())
                .collect(Collectors.toSet());
    }

    @Override
    public void load(Path policy) throws IOException {
        // -K: do not cache; -r: replace a profile of the same name.
        Process process = new ProcessBuilder(List.of(parser, "-Kr", policy.toString())).redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(parser + " did not finish within 60s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + parser + " ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(parser + " exited with " + process.exitValue() + ": " + output);
        }
    }
}
