#!/usr/bin/env bash
# A pod network as CNI and the VM runtime make it, for drive.py check: netns orcavm-pod holds eth0 (one end of a
# veth, as a CNI plug-in leaves it) and tap0 (the VM's NIC), with tc redirecting every frame between them both ways;
# netns orcavm-peer holds the veth's other end, 10.88.0.1/16, to ping the guest (10.88.0.5) from.
#   pod-netns.sh up     prints eth0's MAC (the guest NIC's hwaddr)
#   pod-netns.sh down
set -euo pipefail
case ${1:-} in
  up)
    ip netns add orcavm-pod
    ip netns add orcavm-peer
    ip link add orcavm-v0 type veth peer name orcavm-v1
    ip link set orcavm-v0 netns orcavm-pod
    ip link set orcavm-v1 netns orcavm-peer
    ip -n orcavm-pod link set orcavm-v0 name eth0
    ip -n orcavm-pod addr add 10.88.0.5/16 dev eth0
    ip -n orcavm-pod link set eth0 up
    ip -n orcavm-pod link set lo up
    ip -n orcavm-peer addr add 10.88.0.1/16 dev orcavm-v1
    ip -n orcavm-peer link set orcavm-v1 up
    ip -n orcavm-pod tuntap add dev tap0 mode tap
    ip -n orcavm-pod link set tap0 up
    for pair in "eth0 tap0" "tap0 eth0"; do
      set -- $pair
      ip netns exec orcavm-pod tc qdisc add dev "$1" ingress
      ip netns exec orcavm-pod tc filter add dev "$1" parent ffff: protocol all u32 match u8 0 0 \
        action mirred egress redirect dev "$2"
    done
    ip -n orcavm-pod link show eth0 | awk '/link\/ether/ { print $2 }'
    ;;
  down)
    ip netns del orcavm-pod 2>/dev/null || true
    ip netns del orcavm-peer 2>/dev/null || true
    ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
