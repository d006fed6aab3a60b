#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through
# ctest, once: a test that fails is a bug to find, never retried. Long soak
# runs are labelled `soak` and only run with --soak. The PostgreSQL tests
# (label `pg`) are part of the suite: each starts its own private
# PostgreSQL 15 cluster (tests/support/pg_cluster.h).
# Then, in build-fuzz (clang): the lock check (-Wthread-safety) and every
# fuzz target for HROMADA_FUZZ_SECONDS each (10 by default, at most 20), as
# many at once as there are cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
hromada_install_packages
hromada_build build
labels=(-LE soak)
[ "${1:-}" = "--soak" ] && labels=()
(cd build && ctest --output-on-failure --timeout 600 -j 2 "${labels[@]}")

hromada_fuzz_build
seconds=${HROMADA_FUZZ_SECONDS:-10}
[ "$seconds" -gt 20 ] && seconds=20
export -f hromada_fuzz_run
ls tests/fuzz/corpus | xargs -P "$(nproc)" -I{} bash -c 'hromada_fuzz_run "$1" "$2"' _ {} "$seconds"
