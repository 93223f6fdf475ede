# storage-vfs: every layer and root filesystem a full copy; works on any filesystem.
dev.orca:orca-storage-vfs:${project.version}
