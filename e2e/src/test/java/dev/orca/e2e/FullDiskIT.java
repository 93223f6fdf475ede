package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.cri.v1.Image;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.ListImagesRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon whose image store, layers and container root filesystems lie on a small loop-mounted file system that
 * runs full: a pull that does not fit fails with RESOURCE_EXHAUSTED naming the file system and the image and leaves
 * the store as it was, and succeeds once there is space; a container that fills the disk from inside is told so by
 * the kernel, stays listed and running, and is stopped and removed, which frees its space.
 */
class FullDiskIT {

    private static final long DISK_BYTES = 96L << 20;
    private static final long IMAGE_BYTES = 24L << 20;

    @TempDir
    static Path dir;
    static LoopFileSystem space;
    static TestRegistry registry;
    static OrcaDaemon orca;
    static CriPods pods;
    static PushedImage busybox;
    static PushedImage big;
    static PushedImage other;

    @BeforeAll
    static void start() throws Exception {
        // no blocks reserved for root: the disk a container fills is full for the daemon as well
        space = LoopFileSystem.mount(dir, DISK_BYTES, 0);
        registry = TestRegistry.plain();
        busybox = TestImages.singleLayer(registry, "full/busybox:1");
        big = TestImages.large(registry, "full/big:1", IMAGE_BYTES, 1);
        other = TestImages.large(registry, "full/other:1", IMAGE_BYTES + 4096, 1);
        Path registries = Files.writeString(dir.resolve("registries.conf"), OrcaDaemon.insecure(registry.host()));
        orca = new OrcaDaemon(dir);
        orca.configure("dev.orca.storage.overlay", Map.of("root", space.path().resolve("overlay").toString()));
        orca.configure("dev.orca.image", Map.of("registries.conf", registries.toString(),
                "root", space.path().resolve("images").toString(), "gc.interval.seconds", "0"));
        orca.start();
        orca.awaitLog("registries from " + registries, Duration.ofSeconds(30));
        pods = new CriPods(orca, busybox.reference(), dir.resolve("logs"));
        pods.awaitDefaultHandler();
        orca.pull(busybox.reference());
    }

    @AfterAll
    static void stop() throws Exception {
        try (LoopFileSystem unmounted = space; TestRegistry stopped = registry; OrcaDaemon closed = orca) {
            if (pods != null) {
                pods.removeAll();
            }
        }
    }

    @Test
    void aPullThatRunsOutOfSpaceIsResourceExhaustedLeavesNothingAndSucceedsOnceThereIsSpace() throws Exception {
        Set<String> imagesBefore = images();
        Path filler = space.path().resolve("filler");
        // leave about half of what the image needs (its blob while downloading, then its unpacked layer)
        fill(filler, space.availableBytes() - IMAGE_BYTES);
        Set<String> storeBefore = store();

        StatusRuntimeException full = assertThrows(StatusRuntimeException.class, () -> orca.pull(big.reference()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode(), full.toString());
        String said = full.getStatus().getDescription();
        assertTrue(said.contains(big.reference()) && said.contains("mounted at " + space.path() + " "), said);
        assertEquals(imagesBefore, images(), "no image was added");
        assertEquals(storeBefore, store(), "no partial layer, download or image record was left");

        Files.delete(filler);
        orca.pull(big.reference());
        assertTrue(images().contains(big.imageId()), images().toString());
        orca.images().removeImage(dev.orca.cri.v1.RemoveImageRequest.newBuilder()
                .setImage(dev.orca.cri.v1.ImageSpec.newBuilder().setImage(big.imageId())).build());
        assertEquals(imagesBefore, images());
    }

    @Test
    void aContainerThatFillsTheDiskIsToldSoKeepsRunningAndIsRemovedWithItsSpace() throws Exception {
        long freeBefore = space.availableBytes();
        PodSandboxConfig pod = pods.pod("filler", Map.of());
        String podId = pods.run(pod);
        String id = pods.createAndStart(podId, pod, pods.container("filler", "filler.log", "sleep", "3600"));

        ExecSyncResponse dd = pods.exec(id, "dd", "if=/dev/zero", "of=/big", "bs=1M");
        assertNotEquals(0, dd.getExitCode(), dd.toString());
        assertTrue(dd.getStderr().toStringUtf8().contains("No space left on device"), dd.getStderr().toStringUtf8());
        assertTrue(space.availableBytes() < 1L << 20, "the disk is full: " + space.availableBytes() + " bytes free");

        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(id).getState());
        assertTrue(orca.runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList()
                .stream().anyMatch(c -> c.getId().equals(id) && c.getState() == ContainerState.CONTAINER_RUNNING));
        assertEquals("still here\n", pods.output(id, "echo", "still here"));
        StatusRuntimeException noRoom = assertThrows(StatusRuntimeException.class, () -> orca.pull(other.reference()),
                FullDiskIT::diagnosis);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, noRoom.getStatus().getCode(), noRoom.toString());

        orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(1).build());
        assertEquals(ContainerState.CONTAINER_EXITED, pods.status(id).getState());
        orca.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
        pods.removePod(podId);
        long freeAfter = space.availableBytes();
        assertTrue(freeAfter > freeBefore - (2L << 20), "its space came back: " + freeAfter + " bytes free, "
                + freeBefore + " before");
    }

    /** What a failure message shows: the free space, the images, and the daemon's log. */
    private static String diagnosis() {
        String free;
        try {
            free = space.availableBytes() + " bytes free";
        } catch (IOException e) {
            free = "free space unknown: " + e.getMessage();
        }
        return free + "; images " + images() + "\n" + orca.log();
    }

    private static Set<String> images() {
        return orca.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
                .map(Image::getId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every path of the image store and the layer store, as the loop file system holds them. */
    private static Set<String> store() throws IOException {
        try (Stream<Path> paths = Stream.concat(Files.walk(space.path().resolve("images")),
                Files.walk(space.path().resolve("overlay")))) {
            return paths.map(p -> space.path().relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** A file of {@code bytes} real blocks (written, not sparse), so that the space is taken. */
    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
            out.getFD().sync();
        }
    }
}
