# storage-overlay: layers unpacked once each, container root filesystems mounted with kernel overlayfs.
dev.orca:orca-storage-overlay:${project.version}
