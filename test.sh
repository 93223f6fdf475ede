#!/usr/bin/env bash
# Installs what is missing, builds Orca, and runs the whole test suite: unit tests, OSGi integration tests in a
# real Felix, and end-to-end tests against the distribution started as a user starts it.
set -euo pipefail
cd "$(dirname "$0")"
[ "$(id -u)" = 0 ] || { echo "test.sh: run as root (sudo ./test.sh): the end-to-end tests run containers" >&2; exit 1; }
scripts/install-deps.sh
exec mvn -B -ntp verify "$@"
