package dev.orca.core.internal.cri;

import dev.orca.core.internal.spec.UserField;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.Int64Value;
import dev.orca.spi.Image;

/** SPI images as CRI messages. */
final class ImageMessages {

    private ImageMessages() {
    }

    static dev.orca.cri.v1.Image toMessage(Image image) {
        dev.orca.cri.v1.Image.Builder message = dev.orca.cri.v1.Image.newBuilder()
                .setId(image.id())
                .addAllRepoTags(image.repoTags())
                .addAllRepoDigests(image.repoDigests())
                .setSize(image.sizeBytes())
                .setPinned(image.pinned())
                .setSpec(ImageSpec.newBuilder().setImage(image.id()));
        String name = UserField.parse(image.config().user()).user();
        if (UserField.isNumber(name)) {
            message.setUid(Int64Value.newBuilder().setValue(Long.parseLong(name)));
        } else if (!name.isEmpty()) {
            message.setUsername(name);
        }
        return message.build();
    }
}
