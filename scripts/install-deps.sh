#!/usr/bin/env bash
# Installs the Debian packages Orca is built, tested and run with, when any is missing. Idempotent; needs root.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven     # build and run
  runc crun runsc conmon            # OCI runtimes and the container monitor
  containernetworking-plugins       # CNI reference plug-ins
  docker-registry skopeo umoci      # a real registry and the tools that build test images
  busybox-static                    # what the test images are made of
  libseccomp2 iproute2 iptables     # seccomp, network namespaces, port mappings
  util-linux procps time            # setpriv/nsenter, ps, /usr/bin/time for the benchmarks
  apache2-utils openssl             # htpasswd and certificates for the test registries
  gcc libc6-dev curl file           # critest's images: ../shared/tools/critest-images.sh builds small helpers
  # spdystream, the kubelet's SPDY library, and Go to build against it: for the streaming tests
  golang-go golang-github-docker-spdystream-dev
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# crun refuses a hybrid cgroup layout while a controller sits on the cgroup2 hierarchy only (hugetlb, on this kind of
# host): mount that controller's v1 hierarchy, as systemd does on hybrid hosts. Nothing uses it on cgroup2 here.
if [ -d /sys/fs/cgroup/unified ] && [ -f /sys/fs/cgroup/unified/cgroup.controllers ]; then
  for controller in $(cat /sys/fs/cgroup/unified/cgroup.controllers); do
    if ! grep -q "^$controller\b" <(awk '$3 == "cgroup" { print $4 }' /proc/mounts | tr ',' '\n'); then
      echo "mounting the cgroup v1 hierarchy of '$controller' (hybrid host; crun needs every controller on v1)"
      mkdir -p "/sys/fs/cgroup/$controller"
      mount -t cgroup -o "$controller" cgroup "/sys/fs/cgroup/$controller"
    fi
  done
fi
