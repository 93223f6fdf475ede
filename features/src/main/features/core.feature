# core: the OSGi services Orca stands on, JSON (Jackson), Netty, the CRI protocol, the SPI and the core (CRI
# endpoint, handler registry, pod and container state).
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
# Netty's own bundles: gRPC's transport in the CRI API bundle, the core's epoll unix socket, the streaming server.
# The epoll native library is a fragment of the epoll transport, a classified jar (groupId:artifactId:version:classifier).
io.netty:netty-common:${netty.version}
io.netty:netty-buffer:${netty.version}
io.netty:netty-resolver:${netty.version}
io.netty:netty-transport:${netty.version}
io.netty:netty-transport-native-unix-common:${netty.version}
io.netty:netty-transport-classes-epoll:${netty.version}
io.netty:netty-transport-native-epoll:${netty.version}:linux-x86_64
io.netty:netty-codec-base:${netty.version}
io.netty:netty-codec-compression:${netty.version}
io.netty:netty-handler:${netty.version}
io.netty:netty-codec-http:${netty.version}
io.netty:netty-codec-http2:${netty.version}
io.netty:netty-codec-socks:${netty.version}
io.netty:netty-handler-proxy:${netty.version}
dev.orca:orca-cri-api:${project.version}
dev.orca:orca-spi:${project.version}
dev.orca:orca-core:${project.version}
