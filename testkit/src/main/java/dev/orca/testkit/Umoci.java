package dev.orca.testkit;

import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * umoci on one OCI layout: new images, unpack/repack of a rootfs into a new layer, raw layers, configuration. Not
 * as root, unpack and repack run {@code --rootless} (files then belong to root in the image whoever owns them).
 */
final class Umoci {

    private static final String CREATED_BY = "orca-testkit";

    private final OciLayout layout;
    private final boolean rootless;

    private Umoci(OciLayout layout) {
        this.layout = layout;
        this.rootless = !runningAsRoot();
    }

    /** Creates an empty layout at {@code directory}. */
    static Umoci init(Path directory) {
        Command.of("umoci", "init", "--layout", directory.toString()).run();
        return new Umoci(new OciLayout(directory));
    }

    static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    OciLayout layout() {
        return layout;
    }

    /** An image with no layers and umoci's default config (this machine's architecture, linux). */
    void newImage(String tag) {
        umoci("new", "--image", image(tag));
    }

    /** Unpacks {@code tag} into a runtime bundle and returns its rootfs, for the caller to change. */
    Path unpack(String tag, Path bundle) {
        List<String> arguments = new ArrayList<>(List.of("unpack", "--image", image(tag)));
        if (rootless) {
            arguments.add("--rootless");
        }
        arguments.add(bundle.toString());
        umoci(arguments);
        return bundle.resolve("rootfs");
    }

    /**
     * Turns what changed in the bundle's rootfs since unpack into one new layer, as image {@code tag}. Rootless or
     * not, repack takes from the bundle's metadata how unpack ran.
     */
    void repack(Path bundle, String tag, String description) {
        umoci("repack", "--image", image(tag), "--history.created_by", CREATED_BY + ": " + description,
                bundle.toString());
    }

    /** Appends an uncompressed tar verbatim as a new (gzip) layer of {@code tag}, written as {@code newTag}. */
    void addLayer(String tag, Path tar, String newTag, String description) {
        umoci("raw", "add-layer", "--image", image(tag), "--tag", newTag,
                "--history.created_by", CREATED_BY + ": " + description, tar.toString());
    }

    /** Changes {@code tag}'s config with umoci config options ({@code --config.cmd}, …), as {@code newTag}. */
    void config(String tag, String newTag, List<String> options) {
        List<String> arguments = new ArrayList<>(List.of("config", "--image", image(tag), "--tag", newTag));
        arguments.addAll(options);
        umoci(arguments);
    }

    private String image(String tag) {
        return layout.directory() + ":" + tag;
    }

    private void umoci(String... arguments) {
        umoci(List.of(arguments));
    }

    private void umoci(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("umoci");
        command.addAll(arguments);
        Command.of(command).run();
    }
}
