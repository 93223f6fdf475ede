# network-cni: pods connected through CNI plug-ins (configuration in /etc/cni/net.d, plug-ins in /opt/cni/bin and
# /usr/lib/cni). Not booted by default yet: add it to orca.features to connect pods.
dev.orca:orca-network-cni:${project.version}
