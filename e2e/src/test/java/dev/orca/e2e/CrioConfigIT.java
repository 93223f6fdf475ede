package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StatusRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform team's CRI-O runtime tables, dropped into {@code conf/crio.conf.d/} of a running daemon: the handler is
 * offered within 2 seconds, survives an edit and a malformed version of its file, goes when the file goes, and a
 * deploy/ configuration of the same name wins over the table.
 */
class CrioConfigIT {

    private static final Duration HOT_DEPLOY = Duration.ofSeconds(2);
    private static final String CRUN_TABLE = "[crio.runtime.runtimes.crun]\nruntime_path = \"/usr/bin/crun\"\n";

    @TempDir
    Path dir;

    @Test
    void aRuntimeTableDropInIsServedLiveAndWithdrawnWhenRemoved() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/crun")), "crun is installed (scripts/install-deps.sh)");
        try (OrcaDaemon orca = new OrcaDaemon(dir)) {
            // crun is to come from the team's crio.conf.d, not from the .cfg the distribution ships
            Path shippedCrun = orca.home().resolve("deploy/dev.orca.runtime.oci-crun.cfg");
            Path keptCrun = dir.resolve("dev.orca.runtime.oci-crun.cfg");
            Files.move(shippedCrun, keptCrun);
            orca.start();
            new CriPods(orca, "unused", dir.resolve("logs")).awaitDefaultHandler();
            orca.awaitLog("CRI-O runtime tables from " + orca.home().resolve("conf/crio.conf"), Duration.ofSeconds(10));
            assertFalse(offered(orca).contains("crun"), "no crun before the drop-in: " + offered(orca));

            Path dropIn = orca.home().resolve("conf/crio.conf.d/10-crun.conf");
            Duration appeared = dropAndTime(orca, dropIn, CRUN_TABLE, names -> names.contains("crun"));
            System.out.println("crun offered " + appeared.toMillis() + " ms after its drop-in was written");
            assertTrue(appeared.compareTo(HOT_DEPLOY) < 0, "crun offered after " + appeared);
            orca.awaitLog("runtime handler \"crun\" created from " + dropIn, Duration.ofSeconds(5));

            String editedTable = CRUN_TABLE + "runtime_root = \"" + dir.resolve("crun-root") + "\"\n";
            Duration edited = dropAndTime(orca, dropIn, editedTable,
                    names -> orca.log().contains("runtime handler \"crun\" updated") && names.contains("crun"));
            System.out.println("edited crun offered again " + edited.toMillis() + " ms after the edit");
            assertTrue(edited.compareTo(HOT_DEPLOY) < 0, "edited crun offered after " + edited);

            replace(dropIn, CRUN_TABLE + "runtime_root = = \"/nowhere\"\n");
            orca.awaitLog("CRI-O configuration refused: " + dropIn + ", line 3, column ", Duration.ofSeconds(5));
            Thread.sleep(1000); // two more looks at the directory: the malformed file must still change nothing
            assertTrue(offered(orca).contains("crun"), "crun stays while its drop-in is malformed: " + offered(orca));
            assertEquals(1, orca.log().split("CRI-O configuration refused: ", -1).length - 1,
                    "the malformed file is reported once, not at every look");

            long removedAt = System.nanoTime();
            Files.delete(dropIn);
            Duration gone = awaitOffered(orca, names -> !names.contains("crun"), removedAt);
            System.out.println("crun withdrawn " + gone.toMillis() + " ms after its drop-in was deleted");
            assertTrue(gone.compareTo(HOT_DEPLOY) < 0, "crun withdrawn after " + gone);
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> orca.runtime()
                    .runPodSandbox(RunPodSandboxRequest.newBuilder().setRuntimeHandler("crun")
                            .setConfig(new CriPods(orca, "unused", dir.resolve("logs")).pod("on-crun", Map.of()))
                            .build()));
            assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
            assertTrue(refused.getStatus().getDescription().contains("runtime handler 'crun' is not known; available: ")
                    && refused.getStatus().getDescription().contains("runc"), refused.getStatus().getDescription());

            // a deploy/ configuration and a table claiming one name: the deploy/ one wins, and the log says so
            Files.move(keptCrun, shippedCrun);
            awaitOffered(orca, names -> names.contains("crun"), System.nanoTime());
            replace(dropIn, CRUN_TABLE);
            orca.awaitLog("runtime handler \"crun\" is claimed twice: configuration dev.orca.runtime.oci~crun",
                    Duration.ofSeconds(5));
            assertTrue(orca.log().contains("(service.ranking 0 > -1)"), orca.log());
            Files.delete(dropIn);
            orca.awaitLog("runtime handler \"crun\" withdrawn", Duration.ofSeconds(5));
            Thread.sleep(1000);
            assertTrue(offered(orca).contains("crun"), "crun of deploy/ stays: " + offered(orca));
        }
    }

    @Test
    void theBundleRestartedFindsTheHandlersItMadeAndDropsThoseWhoseTableWentMeanwhile() throws Exception {
        try (OrcaDaemon orca = new OrcaDaemon(dir).start()) {
            Path dropIn = orca.home().resolve("conf/crio.conf.d/10-fast.conf");
            replace(dropIn, "[crio.runtime.runtimes.fast]\nruntime_path = \"/usr/bin/crun\"\n");
            awaitOffered(orca, names -> names.contains("fast"), System.nanoTime());
            String status = orca.shell("orca:crio\nlb crio\n");
            assertTrue(status.contains("handler fast: /usr/bin/crun"), status);
            Matcher id = Pattern.compile("(\\d+)\\|Active.*CRI-O runtime tables").matcher(status);
            assertTrue(id.find(), status);

            // stopped and started as an update would: the handler configurations it made outlive it
            String bundle = "b = ($.context bundle " + id.group(1) + ")\n";
            orca.shell(bundle + "$b stop\n");
            Files.delete(dropIn);
            Thread.sleep(1000);
            assertTrue(offered(orca).contains("fast"), "a stopped bundle withdraws nothing: " + offered(orca));

            orca.shell(bundle + "$b start\n");
            awaitOffered(orca, names -> !names.contains("fast"), System.nanoTime());
            orca.awaitLog("runtime handler \"fast\" withdrawn", Duration.ofSeconds(5));
        }
    }

    private static Set<String> offered(OrcaDaemon orca) {
        return orca.runtime().status(StatusRequest.getDefaultInstance()).getRuntimeHandlersList().stream()
                .map(dev.orca.cri.v1.RuntimeHandler::getName).filter(n -> !n.isEmpty()).collect(Collectors.toSet());
    }

    /** Writes the drop-in at once (as a rename, so the daemon never reads half of it) and times until Status agrees. */
    private static Duration dropAndTime(OrcaDaemon orca, Path dropIn, String text, Predicate<Set<String>> until)
            throws Exception {
        long written = System.nanoTime();
        replace(dropIn, text);
        return awaitOffered(orca, until, written);
    }

    private static void replace(Path file, String text) throws Exception {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, text);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Duration awaitOffered(OrcaDaemon orca, Predicate<Set<String>> until, long since)
            throws InterruptedException {
        long deadline = since + Duration.ofSeconds(15).toNanos();
        while (!until.test(offered(orca))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Status never agreed; handlers " + offered(orca) + "\n" + orca.log());
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - since);
    }
}
