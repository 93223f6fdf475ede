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
  golang-github-containers-common   # /etc/containers/policy.json and registries.d: the image policy's files
  gpg                               # keys and signatures for the image policy's tests
  prometheus                        # promtool checks the shipped alert rules; a real Prometheus scrapes Orca in a test
  gcc libc6-dev curl file           # critest's images: ../shared/tools/critest-images.sh builds small helpers
  # spdystream, the kubelet's SPDY library, and Go to build against it: for the streaming tests
  golang-go golang-github-docker-spdystream-dev
  # the VM runtime (RuntimeClass vm): QEMU with its firmware; musl and cpio build the guest agent and its initramfs
  qemu-system-x86 musl-tools cpio make
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

# The VM runtime's guest kernel: Debian's kernel, unpacked (not installed: it is not the host's kernel) into
# /opt/orca/vm/kernel, where vm-runtime-bundle/guest/build-initramfs.sh takes vmlinuz and the modules from. The
# generic flavour, not -cloud: the cloud kernel is built without 9p (CONFIG_NET_9P), which the pod's shared directory
# needs.
vm_kernel_dir=/opt/orca/vm/kernel
if ! compgen -G "$vm_kernel_dir/lib/modules/*/kernel/fs/9p/9p.ko" >/dev/null; then
  kernel_package=$(apt-cache depends linux-image-amd64 | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
  if [ -z "$kernel_package" ]; then
    apt-get update -qq
    kernel_package=$(apt-cache depends linux-image-amd64 | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
  fi
  echo "unpacking the VM guest kernel $kernel_package into $vm_kernel_dir"
  download_dir=$(mktemp -d)
  chown _apt "$download_dir" 2>/dev/null || true   # apt downloads as _apt when it can
  (cd "$download_dir" && apt-get download -qq "$kernel_package")
  rm -rf "$vm_kernel_dir.tmp" && mkdir -p "$vm_kernel_dir.tmp"
  dpkg-deb -x "$download_dir"/"$kernel_package"_*.deb "$vm_kernel_dir.tmp"
  rm -rf "$download_dir" "$vm_kernel_dir"
  mv "$vm_kernel_dir.tmp" "$vm_kernel_dir"
fi
