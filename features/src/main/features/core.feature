# core: the OSGi services Orca stands on, JSON (Jackson), the CRI protocol, the SPI and the core (CRI endpoint,
# handler registry, pod and container state).
# One bundle a line, groupId:artifactId:version, in start order.
org.osgi:org.osgi.util.function:${function.version}
org.osgi:org.osgi.util.promise:${promise.version}
org.osgi:org.osgi.service.component:${component.version}
org.apache.felix:org.apache.felix.configadmin:${configadmin.version}
org.apache.felix:org.apache.felix.scr:${scr.version}
org.apache.felix:org.apache.felix.fileinstall:${fileinstall.version}
com.fasterxml.jackson.core:jackson-annotations:${jackson-annotations.version}
com.fasterxml.jackson.core:jackson-core:${jackson.version}
com.fasterxml.jackson.core:jackson-databind:${jackson.version}
com.fasterxml.jackson.datatype:jackson-datatype-jsr310:${jackson.version}
dev.orca:orca-cri-api:${project.version}
dev.orca:orca-spi:${project.version}
dev.orca:orca-core:${project.version}
