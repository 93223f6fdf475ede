# images: the image store and registry client (CRI ImageService), the layer extraction and kernel calls the storage
# drivers share, and the libraries they use. The drivers are features of their own (storage-overlay, storage-vfs):
# the image store's configuration (dev.orca.image: storage.driver, default overlay) says which holds the layers,
# and the other may be left out.
com.fasterxml.jackson.dataformat:jackson-dataformat-toml:${jackson.version}
commons-io:commons-io:${commons-io.version}
org.apache.commons:commons-lang3:${commons-lang3.version}
org.apache.commons:commons-compress:${commons-compress.version}
net.java.dev.jna:jna:${jna.version}
dev.orca:orca-os:${project.version}
dev.orca:orca-layers:${project.version}
dev.orca:orca-image:${project.version}
