package dev.orca.core.internal.cri;

import dev.orca.cri.v1.ImageFsInfoRequest;
import dev.orca.cri.v1.ImageFsInfoResponse;
import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageStatusRequest;
import dev.orca.cri.v1.ImageStatusResponse;
import dev.orca.cri.v1.ListImagesRequest;
import dev.orca.cri.v1.ListImagesResponse;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.PullImageResponse;
import dev.orca.cri.v1.RemoveImageRequest;
import dev.orca.cri.v1.RemoveImageResponse;
import dev.orca.cri.v1.StreamImagesRequest;
import dev.orca.cri.v1.StreamImagesResponse;
import dev.orca.spi.ImageStore;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** The gRPC face of the CRI ImageService: each call handed to {@link ImageCalls}. */
public final class ImageServiceCalls extends ImageServiceGrpc.ImageServiceImplBase {

    private final ImageCalls images;

    /**
     * @param store the deployed image store, or null when none is
     * @param userOf a container that uses an image ID, if any: such an image is not removed
     */
    public ImageServiceCalls(Supplier<ImageStore> store,
            java.util.function.Function<String, java.util.Optional<String>> userOf) {
        this.images = new ImageCalls(store, userOf);
    }

    @Override
    public void pullImage(PullImageRequest request, StreamObserver<PullImageResponse> response) {
        Unary.answer(response, () -> images.pull(request));
    }

    @Override
    public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> response) {
        Unary.answer(response, () -> ListImagesResponse.newBuilder()
                .addAllImages(images.list(request.getFilter())).build());
    }

    @Override
    public void streamImages(StreamImagesRequest request, StreamObserver<StreamImagesResponse> response) {
        Pages.send(response, () -> images.list(request.getFilter()),
                page -> StreamImagesResponse.newBuilder().addAllImages(page).build());
    }

    @Override
    public void imageStatus(ImageStatusRequest request, StreamObserver<ImageStatusResponse> response) {
        Unary.answer(response, () -> images.status(request));
    }

    @Override
    public void removeImage(RemoveImageRequest request, StreamObserver<RemoveImageResponse> response) {
        Unary.answer(response, () -> {
            images.remove(request.getImage().getImage());
            return RemoveImageResponse.getDefaultInstance();
        });
    }

    @Override
    public void imageFsInfo(ImageFsInfoRequest request, StreamObserver<ImageFsInfoResponse> response) {
        Unary.answer(response, images::fsInfo);
    }
}
