# images: the image store and registry client (CRI ImageService), the overlay and vfs storage drivers, the kernel
# calls they make, and the libraries they use. Which driver holds the layers is the image store's configuration
# (dev.orca.image: storage.driver, default overlay); the other driver bundle may be left out.
com.fasterxml.jackson.core:jackson-annotations:${jackson-annotations.version}
com.fasterxml.jackson.core:jackson-core:${jackson.version}
com.fasterxml.jackson.core:jackson-databind:${jackson.version}
com.fasterxml.jackson.datatype:jackson-datatype-jsr310:${jackson.version}
com.fasterxml.jackson.dataformat:jackson-dataformat-toml:${jackson.version}
commons-io:commons-io:${commons-io.version}
org.apache.commons:commons-lang3:${commons-lang3.version}
org.apache.commons:commons-compress:${commons-compress.version}
net.java.dev.jna:jna:${jna.version}
dev.orca:orca-os:${project.version}
dev.orca:orca-layers:${project.version}
dev.orca:orca-storage-overlay:${project.version}
dev.orca:orca-storage-vfs:${project.version}
dev.orca:orca-image:${project.version}
