package dev.orca.layers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a layer's whiteouts become on disk. The unpacker calls these once the whole tar is extracted, so that a
 * whiteout hides only what lower layers had, never an entry of the same layer (OCI image spec), whatever the order
 * of the entries. Every path handed over lies inside the extraction's directory and no symbolic link leads to it.
 */
@ConsumerType
public interface WhiteoutTreatment {

    /** {@code .wh.NAME}: {@code path} of the lower layers is deleted; this layer has nothing at that path. */
    void hide(Path path) throws IOException;

    /**
     * {@code .wh..wh..opq}: what lower layers had in the directory {@code dir} is hidden; entries for which
     * {@code ofThisLayer} holds came from this layer (or lead to one) and stay.
     */
    void makeOpaque(Path dir, Predicate<Path> ofThisLayer) throws IOException;
}
