/**
 * What the storage drivers share: {@link dev.orca.layers.store.LayerStore} (layers by chain ID, put atomically
 * through a {@link dev.orca.layers.store.StagingArea}), {@link dev.orca.layers.store.LayerIds} (chain and container
 * ID rules), {@link dev.orca.layers.store.KeyedLocks} and {@link dev.orca.layers.store.StoreRoot}.
 */
@Export
@Version("2.0.0")
package dev.orca.layers.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
