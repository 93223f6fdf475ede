#!/usr/bin/env bash
# Builds the pod VM's guest: OUT_DIR/initramfs.img (orca-agent as /init, and the kernel modules it loads),
# OUT_DIR/vmlinux (the kernel, uncompressed: QEMU boots it through its PVH entry, with no firmware and no
# decompression), OUT_DIR/vmlinuz (the same kernel as Debian ships it) and OUT_DIR/kernel-cmdline.
# Usage: build-initramfs.sh OUT_DIR [KERNEL_DIR]   (KERNEL_DIR: Debian's kernel package unpacked, by
# scripts/install-deps.sh into /opt/orca/vm/kernel). Deterministic: the same inputs give the same bytes.
set -euo pipefail

out_dir=${1:?usage: build-initramfs.sh OUT_DIR [KERNEL_DIR]}
kernel_dir=${2:-/opt/orca/vm/kernel}
guest_dir=$(cd "$(dirname "$0")" && pwd)

# The modules the agent needs, in load order; their dependencies come first (from each module's depends=).
# Built in to Debian's kernel: devtmpfs, cgroup2, tmpfs, unix sockets, IPv4/IPv6, the pty devices.
# bridge (with stp, llc): a container holding CAP_NET_ADMIN may make one, as on any node (critest checks it).
wanted=(virtio_pci virtio_console 9pnet_virtio 9p virtio_net bridge)

fail() { echo "build-initramfs.sh: $*" >&2; exit 1; }

vmlinuz=$(compgen -G "$kernel_dir/boot/vmlinuz-*" | head -1) ||
  fail "no kernel in $kernel_dir (want boot/vmlinuz-* and lib/modules/): run scripts/install-deps.sh as root"
release=${vmlinuz##*/vmlinuz-}
modules_dir=$kernel_dir/lib/modules/$release
[ -d "$modules_dir/kernel" ] || fail "no modules for $release in $modules_dir: run scripts/install-deps.sh as root"

mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
work=$(mktemp -d "$out_dir/.initramfs.XXXXXX")
trap 'rm -rf "$work"' EXIT

# the agent
make -s -C "$guest_dir/agent" OUT="$out_dir/agent-build" >&2

# the modules, resolved
declare -A module_path=() loaded=()
while IFS= read -r path; do
  name=${path##*/}
  name=${name%.ko}
  module_path[${name//-/_}]=$path
done < <(find "$modules_dir/kernel" -name '*.ko' | sort)
order=()
add_module() {
  local name=${1//-/_}
  [ -n "${loaded[$name]:-}" ] && return
  loaded[$name]=1
  local path=${module_path[$name]:-}
  [ -n "$path" ] || fail "module $name not found under $modules_dir (built in? then drop it from the list)"
  local depends
  depends=$(tr '\0' '\n' < "$path" | sed -n 's/^depends=//p' | head -1)
  local dep
  for dep in ${depends//,/ }; do add_module "$dep"; done
  order+=("$name")
}
for name in "${wanted[@]}"; do add_module "$name"; done

# Copies a module without the signature Debian appends: checking it costs ~100 ms of the guest's boot under TCG, and
# proves nothing there (the initramfs is the host's own input; the guest kernel does not enforce signatures).
copy_unsigned() {
  local size siglen
  size=$(stat -c %s "$1")
  if [ "$(tail -c 28 "$1")" = "~Module signature appended~" ]; then
    siglen=$(dd if="$1" bs=1 skip=$((size - 32)) count=4 status=none | od -An -t u4 --endian=big | tr -d ' ')
    dd if="$1" of="$2" bs=64K iflag=count_bytes count=$((size - 28 - 12 - siglen)) status=none
  else
    cp "$1" "$2"
  fi
}

root=$work/root
mkdir -p "$root"/{dev,proc,sys,run,tmp,lib/modules,.root}
cp "$out_dir/agent-build/orca-agent" "$root/init"
for name in "${order[@]}"; do
  copy_unsigned "${module_path[$name]}" "$root/lib/modules/$name.ko"
  echo "$name.ko" >> "$root/lib/modules/orca-load"
done
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible) > "$work/initramfs.img"
mv "$work/initramfs.img" "$out_dir/initramfs.img"

# the kernel: Debian's bzImage, and its payload uncompressed (an ELF vmlinux with a PVH entry note)
ln -sfn "$vmlinuz" "$out_dir/vmlinuz"
stamp="$vmlinuz $(stat -c '%s %Y' "$vmlinuz")"
if [ ! -s "$out_dir/vmlinux" ] || [ "$(cat "$out_dir/vmlinux.source" 2>/dev/null)" != "$stamp" ]; then
  header() { od -An -t u"$2" -j "$1" -N "$2" "$vmlinuz" | tr -d ' '; }
  setup_sects=$(header $((0x1f1)) 1)
  [ "$setup_sects" -eq 0 ] && setup_sects=4
  payload_offset=$(header $((0x248)) 4)
  payload_length=$(header $((0x24c)) 4)
  start=$(( (setup_sects + 1) * 512 + payload_offset ))
  dd if="$vmlinuz" of="$work/payload" bs=64K iflag=skip_bytes,count_bytes skip="$start" count="$payload_length" status=none
  case $(od -An -t x1 -N 4 "$work/payload" | tr -d ' ') in
    fd377a58) xz -dc --single-stream < "$work/payload" > "$work/vmlinux" ;;
    28b52ffd) zstd -dc < "$work/payload" > "$work/vmlinux" 2>/dev/null || true ;;
    1f8b*) gzip -dc < "$work/payload" > "$work/vmlinux" 2>/dev/null || true ;;
    02214c18) lz4 -dc < "$work/payload" > "$work/vmlinux" 2>/dev/null || true ;;
    *) fail "$vmlinuz: unknown payload compression" ;;
  esac
  [ "$(head -c 4 "$work/vmlinux" | od -An -t x1 | tr -d ' ')" = 7f454c46 ] || fail "$vmlinuz: payload is not an ELF vmlinux"
  mv "$work/vmlinux" "$out_dir/vmlinux"
  echo "$stamp" > "$out_dir/vmlinux.source"
fi

# the recommended kernel command line (see README.md: measured under TCG)
echo "console=hvc0 quiet panic=-1 rdinit=/init 8250.nr_uarts=0 pci=lastbus=0 i8042.noaux i8042.nokbd i8042.nomux i8042.nopnp tsc=reliable no_timer_check noreplace-smp cryptomgr.notests" > "$out_dir/kernel-cmdline"
echo "$out_dir: initramfs.img ($(stat -c %s "$out_dir/initramfs.img") bytes, modules: ${order[*]}), vmlinux, vmlinuz, kernel-cmdline" >&2
