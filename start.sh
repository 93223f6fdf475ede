#!/usr/bin/env bash
# Installs what is missing, builds Orca, and runs the node daemon in the foreground on /run/orca/orca.sock.
# Options are passed to bin/orca (see 'distribution/target/orca/bin/orca --help').
set -euo pipefail
cd "$(dirname "$0")"
[ "$(id -u)" = 0 ] || { echo "start.sh: run as root (sudo ./start.sh): Orca manages namespaces, mounts and cgroups" >&2; exit 1; }
scripts/install-deps.sh
mvn -B -q -ntp -DskipTests install
exec distribution/target/orca/bin/orca "$@"
