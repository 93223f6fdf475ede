package dev.orca.launcher;

import static dev.orca.launcher.NodeProbe.assertServing;
import static dev.orca.launcher.NodeProbe.bundle;
import static dev.orca.launcher.NodeProbe.images;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.orca.cri.v1.ImageFsInfoRequest;
import dev.orca.cri.v1.ImageFsInfoResponse;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.ListImagesRequest;
import dev.orca.cri.v1.PullImageRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.function.Supplier;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The core follows the services it uses as they come and go: while the image store, or the storage driver it keeps
 * layers in, is away, the ImageService calls that need it fail with UNAVAILABLE naming what is missing (after the
 * few seconds a call waits for a service that is only restarting), the others keep answering, and once it is back
 * the same calls work again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreFollowsServicesIT {

    /** The image store's storage driver in a node that does not configure one ({@code dev.orca.image}). */
    private static final String DEFAULT_DRIVER = "overlay";

    @Configuration
    public Option[] node() throws IOException {
        return ExamNode.options();
    }

    @Test
    public void imageCallsNeedingTheStorageDriverFailUnavailableWhileItIsAwayAndWorkWhenItIsBack() throws Exception {
        Bundle driver = bundle("dev.orca.storage." + DEFAULT_DRIVER).orElseThrow();
        driver.stop();
        try {
            String missing = "storage driver '" + DEFAULT_DRIVER + "' is not deployed";
            assertUnavailable(missing, () -> images().pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage("busybox:1.36")).build()));
            assertUnavailable(missing, () -> images().imageFsInfo(ImageFsInfoRequest.getDefaultInstance()));
            // what needs no driver still answers
            assertEquals(0, images().listImages(ListImagesRequest.getDefaultInstance()).getImagesCount());
            assertServing();
        } finally {
            driver.start();
        }

        ImageFsInfoResponse usage = images().imageFsInfo(ImageFsInfoRequest.getDefaultInstance());
        assertEquals(1, usage.getImageFilesystemsCount());
        assertTrue(usage.getImageFilesystems(0).getFsId().getMountpoint().endsWith("images"));
    }

    @Test
    public void theDriverTheImageStoreDoesNotUseComesAndGoesUnnoticed() throws Exception {
        Bundle vfs = bundle("dev.orca.storage.vfs").orElseThrow();
        vfs.stop();
        try {
            long started = System.nanoTime();
            assertEquals(1, images().imageFsInfo(ImageFsInfoRequest.getDefaultInstance()).getImageFilesystemsCount());
            assertTrue("ImageFsInfo waited for a driver it does not use",
                    System.nanoTime() - started < 2_000_000_000L);
        } finally {
            vfs.start();
        }
    }

    @Test
    public void imageCallsFailUnavailableWhileTheImageStoreIsAwayAndWorkWhenItIsBack() throws Exception {
        Bundle store = bundle("dev.orca.image").orElseThrow();
        store.stop();
        try {
            assertUnavailable("no image store is deployed",
                    () -> images().listImages(ListImagesRequest.getDefaultInstance()));
            assertServing();
        } finally {
            store.start();
        }

        assertEquals(0, images().listImages(ListImagesRequest.getDefaultInstance()).getImagesCount());
    }

    private static void assertUnavailable(String because, Supplier<?> call) {
        try {
            call.get();
            fail("answered, though " + because);
        } catch (StatusRuntimeException e) {
            assertEquals(e.getStatus().toString(), Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription(), e.getStatus().getDescription().contains(because));
        }
    }
}
