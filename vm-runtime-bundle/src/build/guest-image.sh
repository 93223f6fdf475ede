#!/bin/bash
# Builds the guest (initramfs.img, vmlinuz, kernel-cmdline) into OUT_DIR with the guest's own build script, when
# the kernel is unpacked and the script exists; otherwise says why and succeeds, so the host side still builds.
set -euo pipefail
out=$1
kernel=${2:-/opt/orca/vm/kernel}
script=$(dirname "$0")/../../guest/build-initramfs.sh
if [ ! -d "$kernel/boot" ]; then
    echo "[guest] skipped: no kernel unpacked in $kernel (scripts/install-deps.sh unpacks Debian's cloud kernel)"
    exit 0
fi
if [ ! -x "$script" ] && [ ! -f "$script" ]; then
    echo "[guest] skipped: $script does not exist yet"
    exit 0
fi
if [ -f "$out/initramfs.img" ] && [ -z "$(find "$(dirname "$script")" -newer "$out/initramfs.img" -type f | head -1)" ]; then
    echo "[guest] $out/initramfs.img is up to date"
    exit 0
fi
mkdir -p "$out"
echo "[guest] building the guest into $out"
bash "$script" "$out" "$kernel"
