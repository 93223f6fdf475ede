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
    /** A reference the image store refuses as soon as it has its driver: no registry is asked. */
    private static final String NOT_A_REFERENCE = "Not A Reference!";

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
            assertFails(Status.Code.UNAVAILABLE, missing, () -> pull("busybox:1.36"));
            assertFails(Status.Code.UNAVAILABLE, missing,
                    () -> images().imageFsInfo(ImageFsInfoRequest.getDefaultInstance()));
            // what needs no driver still answers
            assertEquals(0, images().listImages(ListImagesRequest.getDefaultInstance()).getImagesCount());
            assertServing();
        } finally {
            driver.start();
        }

        // the driver is found again: the pull goes on to judge the reference
        assertFails(Status.Code.INVALID_ARGUMENT, NOT_A_REFERENCE, () -> pull(NOT_A_REFERENCE));
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
            assertFails(Status.Code.INVALID_ARGUMENT, NOT_A_REFERENCE, () -> pull(NOT_A_REFERENCE));
            assertTrue("the pull waited for a driver the image store does not use",
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
            assertFails(Status.Code.UNAVAILABLE, "no image store is deployed",
                    () -> images().listImages(ListImagesRequest.getDefaultInstance()));
            assertServing();
        } finally {
            store.start();
        }

        assertEquals(0, images().listImages(ListImagesRequest.getDefaultInstance()).getImagesCount());
    }

    private static Object pull(String reference) {
        return images().pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(reference)).build());
    }

    private static void assertFails(Status.Code code, String because, Supplier<?> call) {
        try {
            call.get();
            fail("answered, though " + because);
        } catch (StatusRuntimeException e) {
            assertEquals(e.getStatus().toString(), code, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription(), e.getStatus().getDescription().contains(because));
        }
    }
}
