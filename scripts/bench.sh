#!/usr/bin/env bash
# The full benchmark of docs/performance.md: 100,000 attendance records and
# 200 devices against the real server on loopback. One JSON line a scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
hromada_install_packages
hromada_build build
exec build/bin/hromada-bench --check-targets "$@"
