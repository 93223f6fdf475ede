/**
 * What the storage drivers share: {@link dev.orca.layers.store.LayerStoreDriver} (a driver as a subclass: the SPI
 * calls on the layer store and the root filesystems), {@link dev.orca.layers.store.RootFilesystems} (container root
 * filesystems, kept and locked, with hooks for how a driver fills, mounts and unmounts them),
 * {@link dev.orca.layers.store.LayerStore} (layers by chain ID, put atomically through a
 * {@link dev.orca.layers.store.StagingArea}), {@link dev.orca.layers.store.LayerIds} (chain and container ID rules),
 * {@link dev.orca.layers.store.KeyedLocks} and {@link dev.orca.layers.store.StoreRoot}.
 */
@Export
@Version("2.6.0")
package dev.orca.layers.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
