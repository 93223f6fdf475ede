# streaming: the server the kubelet and crictl connect to after Exec, Attach and PortForward (SPDY/3.1 and WebSocket,
# single-use expiring URLs). Configuration dev.orca.streaming (deploy/dev.orca.streaming.cfg): address, port, TLS,
# token and stream time-outs, limits. Without it, those CRI calls answer UNAVAILABLE. Netty's bundles come with the
# core feature.
dev.orca:orca-streaming:${project.version}
