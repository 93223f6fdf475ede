# network-cni: pods connected through CNI plug-ins (configuration in /etc/cni/net.d, plug-ins in /opt/cni/bin and
# /usr/lib/cni). Booted by default; without a network configuration NetworkReady is false and pods that need a
# network of their own are refused with the reason.
dev.orca:orca-network-cni:${project.version}
