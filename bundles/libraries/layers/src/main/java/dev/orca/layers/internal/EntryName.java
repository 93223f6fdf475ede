package dev.orca.layers.internal;

import dev.orca.spi.LayerContentException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry's name as path components, refusing what could leave the layer (absolute paths and {@code ..}) and
 * names no Linux file system takes.
 */
final class EntryName {

    /** Linux's longest file name, in bytes. */
    static final int NAME_MAX = 255;

    private EntryName() {
    }

    /** The components of {@code name} without empty and {@code .} ones; none for the layer's root itself. */
    static List<String> components(String name) throws LayerContentException {
        if (name.startsWith("/")) {
            throw new LayerContentException("layer entry \"" + name + "\": absolute paths are refused");
        }
        List<String> components = new ArrayList<>();
        for (String component : name.split("/")) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                throw new LayerContentException("layer entry \"" + name + "\": '..' in a path is refused");
            }
            if (component.indexOf('\0') >= 0) {
                throw new LayerContentException("layer entry \"" + name + "\": a NUL byte in a name is refused");
            }
            if (component.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                throw new LayerContentException("layer entry \"" + name + "\": a name longer than " + NAME_MAX
                        + " bytes is refused (too long for Linux file systems)");
            }
            components.add(component);
        }
        return components;
    }
}
