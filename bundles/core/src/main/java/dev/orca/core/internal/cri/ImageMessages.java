package dev.orca.core.internal.cri;

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
        String user = image.config().user();
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (isNumeric(name)) {
            message.setUid(Int64Value.newBuilder().setValue(Long.parseLong(name)));
        } else if (!name.isEmpty()) {
            message.setUsername(name);
        }
        return message.build();
    }

    /** A uid, not a user name: digits only, checked without compiling a pattern on every status call. */
    private static boolean isNumeric(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
