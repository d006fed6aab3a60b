#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through
# ctest. Long soak runs are labelled `soak` and only run with --soak.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
hromada_install_packages
hromada_build build
labels=(-LE soak)
[ "${1:-}" = "--soak" ] && labels=()
cd build
ctest --output-on-failure --timeout 600 -j 2 "${labels[@]}"
