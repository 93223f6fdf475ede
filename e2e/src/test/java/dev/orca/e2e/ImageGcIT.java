package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.Image;
import dev.orca.cri.v1.ListImagesRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image garbage collection in a daemon whose images and layers lie on a small loop-mounted file system: unused,
 * unpinned images go least recently used first (a container created from an image counts as a use) until the low
 * threshold; a pinned image and an image a container uses stay; ListImages and crictl show which are pinned.
 */
class ImageGcIT {

    private static final long IMAGE_BYTES = 8L << 20;

    @TempDir
    static Path dir;
    static LoopFileSystem space;
    static TestRegistry registry;
    static OrcaDaemon orca;
    static CriPods busyboxPods;
    static Map<String, String> settings;
    static PushedImage busybox;
    static PushedImage pinned;
    static PushedImage a;
    static PushedImage b;
    static PushedImage c;
    static String userContainer;

    @BeforeAll
    static void start() throws Exception {
        space = LoopFileSystem.mount(dir, 256L << 20);
        registry = TestRegistry.plain();
        busybox = TestImages.singleLayer(registry, "gc/busybox:1");
        // Sizes differ by a little so that each is an image of its own (the kit builds one per size).
        pinned = TestImages.large(registry, "gc/pinned:1", IMAGE_BYTES, 1);
        a = TestImages.large(registry, "gc/a:1", IMAGE_BYTES + 4096, 1);
        b = TestImages.large(registry, "gc/b:1", IMAGE_BYTES + 8192, 1);
        c = TestImages.large(registry, "gc/c:1", IMAGE_BYTES + 12288, 1);
        Path registries = Files.writeString(dir.resolve("registries.conf"), OrcaDaemon.insecure(registry.host()));
        orca = new OrcaDaemon(dir);
        orca.configure("dev.orca.storage.overlay", Map.of("root", space.path().resolve("overlay").toString()));
        settings = new HashMap<>(Map.of("registries.conf", registries.toString(),
                "root", space.path().resolve("images").toString(), "gc.interval.seconds", "0",
                "pinned.images", "no.such.example/*, " + registry.host() + "/gc/pin*"));
        orca.configure("dev.orca.image", settings);
        orca.start();
        orca.awaitLog("registries from " + registries, Duration.ofSeconds(30));
        busyboxPods = new CriPods(orca, busybox.reference(), dir.resolve("logs"));
        busyboxPods.awaitDefaultHandler();
        for (PushedImage image : List.of(busybox, pinned, a, b, c)) {
            orca.pull(image.reference());
            Thread.sleep(5); // distinct pull times, oldest first
        }
        PodSandboxConfig pod = busyboxPods.pod("gcpod", Map.of());
        String podId = busyboxPods.run(pod);
        userContainer = busyboxPods.createAndStart(podId, pod, busyboxPods.container("user", "user.log", "sleep",
                "3600"));
        // A container made from a, then removed: a was used after b and c were pulled.
        CriPods aPods = new CriPods(orca, a.reference(), dir.resolve("logs"));
        String once = aPods.create(podId, pod, "once", "once.log", "/bin/true");
        orca.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(once).build());
    }

    /** The pods, then the daemon and the registry, and last the file system they wrote to; each even if one fails. */
    @AfterAll
    static void stop() throws Exception {
        try (LoopFileSystem unmounted = space; TestRegistry stopped = registry; OrcaDaemon closed = orca) {
            if (busyboxPods != null) {
                busyboxPods.removeAll();
            }
        }
    }

    private static Map<String, Image> images() {
        return orca.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
                .collect(Collectors.toMap(Image::getId, i -> i));
    }

    @Test
    void unusedUnpinnedImagesGoLeastRecentlyUsedFirstDownToTheLowThreshold() throws Exception {
        Map<String, Image> before = images();
        assertEquals(5, before.size(), before.keySet().toString());
        assertTrue(orca.shell("orca:gc --dry-run\n").contains("within the high threshold: nothing to remove"));

        // Over the high threshold now; the low one is reached once b and about half of c are freed.
        long target = space.availableBytes() + before.get(b.imageId()).getSize()
                + before.get(c.imageId()).getSize() / 2;
        settings.put("gc.high.min.free.bytes", Long.toString(target));
        settings.put("gc.low.min.free.bytes", Long.toString(target));
        orca.configure("dev.orca.image", settings);
        String dryRun = awaitShell("orca:gc --dry-run\n", "would remove");

        List<String> wouldRemove = dryRun.lines().filter(l -> l.contains("would remove ")).toList();
        assertEquals(2, wouldRemove.size(), dryRun);
        assertTrue(wouldRemove.get(0).contains("would remove " + b.imageId() + " "), dryRun);
        assertTrue(wouldRemove.get(1).contains("would remove " + c.imageId() + " "), dryRun);
        assertTrue(dryRun.contains("kept " + pinned.imageId() + " " + pinned.reference() + ": pinned"), dryRun);
        assertTrue(dryRun.contains("kept " + busybox.imageId() + " " + busybox.reference()
                + ": in use by container " + userContainer), dryRun);
        assertEquals(before.keySet(), images().keySet(), "a dry run removes nothing");

        String run = orca.shell("orca:gc\n");
        List<String> removed = run.lines().filter(l -> l.contains("removed sha256:")).toList();
        assertEquals(2, removed.size(), run);
        assertTrue(removed.get(0).contains("removed " + b.imageId() + " ") && removed.get(1)
                .contains("removed " + c.imageId() + " "), run);
        assertEquals(Set.of(busybox.imageId(), pinned.imageId(), a.imageId()), images().keySet());
        orca.awaitLog("image garbage collection removed image " + b.imageId(), Duration.ofSeconds(10));
        assertTrue(space.availableBytes() >= target, "the file system is within the low threshold");
        assertTrue(orca.shell("orca:gc\n").contains("within the high threshold: nothing to remove"));
    }

    @Test
    void listImagesAndCrictlShowPinnedImages() throws Exception {
        Map<String, Image> listed = images();
        assertTrue(listed.get(pinned.imageId()).getPinned());
        assertFalse(listed.get(busybox.imageId()).getPinned());
        assertFalse(listed.get(a.imageId()).getPinned());
        Process crictl = new ProcessBuilder(KubeletTools.crictl().toString(), "--runtime-endpoint",
                "unix://" + orca.socket(), "inspecti", pinned.imageId()).redirectErrorStream(true).start();
        String out = new String(crictl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(crictl.waitFor(60, TimeUnit.SECONDS) && crictl.exitValue() == 0, out);
        assertTrue(out.contains("\"pinned\": true"), out);
    }

    private static String awaitShell(String commands, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String output = orca.shell(commands);
        while (!output.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            output = orca.shell(commands);
        }
        assertTrue(output.contains(expected), output);
        return output;
    }
}
