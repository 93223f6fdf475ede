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
