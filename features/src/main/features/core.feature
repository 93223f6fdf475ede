# core: the OSGi services Orca stands on, the CRI protocol, the SPI and the core (CRI endpoint, handler registry).
# One bundle a line, groupId:artifactId:version, in start order.
org.osgi:org.osgi.util.function:${function.version}
org.osgi:org.osgi.util.promise:${promise.version}
org.osgi:org.osgi.service.component:${component.version}
org.apache.felix:org.apache.felix.configadmin:${configadmin.version}
org.apache.felix:org.apache.felix.scr:${scr.version}
org.apache.felix:org.apache.felix.fileinstall:${fileinstall.version}
dev.orca:orca-cri-api:${project.version}
dev.orca:orca-spi:${project.version}
dev.orca:orca-core:${project.version}
