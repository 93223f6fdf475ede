package dev.orca.spi;

/**
 * A layer a storage driver has unpacked and checked ahead of its parent ({@link StorageDriver#stageLayer}), waiting to
 * be stored on it ({@link StorageDriver#putStagedLayer}). Closing it throws away what is not stored; after it is
 * stored, closing does nothing.
 */
public interface StagedLayer extends AutoCloseable {

    /** The chain ID it is to be stored as. */
    String chainId();

    /** Throws the unpacked content away unless it was stored; never fails (a leftover goes at the next start). */
    @Override
    void close();
}
