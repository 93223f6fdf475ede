package dev.orca.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The client of {@code orca class-archive}'s training calls: the CRI API bundle's {@code ArchiveTraining}, run in a
 * JVM of its own (the CRI API jar and Netty's from {@code bundle/} on its class path), as the kubelet is a process of
 * its own, so that the training node's archive holds the server's side of the calls and none of the client's.
 */
final class ArchiveTrainingClient {

    private static final String MAIN = "dev.orca.cri.client.ArchiveTraining";
    private static final long TIMEOUT_SECONDS = 180;

    private ArchiveTrainingClient() {
    }

    /**
     * Makes the calls against {@code socket}; returns the calls that failed, one line each (empty when all were
     * answered).
     *
     * @throws IOException when the client cannot be started, or ends without finishing (its output says why)
     */
    static List<String> run(Path home, Path socket) throws IOException, InterruptedException {
        // A short-lived client: what its JVM says goes to a file read only when it fails.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", classPath(home.resolve("bundle")), MAIN, socket.toString());
        Path errors = Files.createTempFile("orca-archive-training", ".log");
        try {
            Process client = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).redirectError(errors.toFile()).start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!client.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                client.destroyForcibly().waitFor();
                throw new IOException("the training client did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (client.exitValue() != 0) {
                throw new IOException("the training client ended with " + client.exitValue() + ": "
                        + Files.readString(errors, StandardCharsets.UTF_8).strip());
            }
            return output.lines().filter(line -> !line.isBlank()).toList();
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** The CRI API jar and Netty's, from the boot bundles. */
    static String classPath(Path bundles) throws IOException {
        try (Stream<Path> jars = Files.list(bundles)) {
            List<Path> chosen = jars.filter(jar -> {
                String name = jar.getFileName().toString();
                return name.endsWith(".jar") && (name.startsWith("orca-cri-api-") || name.startsWith("netty-"));
            }).sorted().toList();
            if (chosen.stream().noneMatch(jar -> jar.getFileName().toString().startsWith("orca-cri-api-"))) {
                throw new IOException("no orca-cri-api jar in " + bundles);
            }
            return chosen.stream().map(Path::toString).collect(Collectors.joining(":"));
        }
    }
}
