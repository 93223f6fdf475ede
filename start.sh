#!/usr/bin/env bash
# Installs what is missing, builds Orca, and runs the node daemon in the foreground on /run/orca/orca.sock.
# Options are passed to bin/orca (see 'distribution/target/orca/bin/orca --help').
set -euo pipefail
cd "$(dirname "$0")"
[ "$(id -u)" = 0 ] || { echo "start.sh: run as root (sudo ./start.sh): Orca manages namespaces, mounts and cgroups" >&2; exit 1; }
scripts/install-deps.sh
mvn -B -q -ntp -DskipTests install
# Pods need a CNI network: where /etc/cni/net.d has none, install Orca's bridge network (orca0, 10.85.0.0/16).
if ! ls /etc/cni/net.d/*.conflist /etc/cni/net.d/*.conf /etc/cni/net.d/*.json >/dev/null 2>&1; then
  echo "start.sh: no CNI network in /etc/cni/net.d; installing Orca's bridge network 10-orca-bridge.conflist"
  install -D -m 0644 distribution/target/orca/conf/cni/10-orca-bridge.conflist /etc/cni/net.d/10-orca-bridge.conflist
fi
# Install time: the classes a start loads, archived for class-data sharing (lib/orca.jsa; lib/orca.aot when JAVA_HOME
# is a JDK 25), so every start maps them.
distribution/target/orca/bin/orca class-archive >/dev/null 2>&1 \
  || echo "start.sh: no class archive (orca class-archive failed): Orca starts without class-data sharing" >&2
exec distribution/target/orca/bin/orca "$@"
