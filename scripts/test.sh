#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through
# ctest, once: a test that fails is a bug to find, never retried. Long soak
# runs are labelled `soak` and only run with --soak. The PostgreSQL tests
# (label `pg`) are part of the suite: each starts its own private
# PostgreSQL 15 cluster (tests/support/pg_cluster.h).
# Beside the suite, in build-fuzz (clang): the lock check (-Wthread-safety);
# then every fuzz target for HROMADA_FUZZ_SECONDS each (10 by default, at most 20), as
# many at once as there are cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
hromada_install_packages
hromada_build build
labels=(-LE soak)
[ "${1:-}" = "--soak" ] && labels=()

# The clang build runs beside the suite, at the lowest priority: the suite
# leaves a core idle much of the time (its tests wait on processes,
# sockets and timeouts), and the build takes only what the tests leave.
fuzz_log=build/fuzz-build.log
(renice -n 19 "$BASHPID" >/dev/null && hromada_fuzz_build) >"$fuzz_log" 2>&1 &
fuzz_build=$!
suite=0
(cd build && ctest --output-on-failure --timeout 600 -j 2 "${labels[@]}") || suite=$?
if ! wait "$fuzz_build"; then
  tail -n 80 "$fuzz_log" >&2
  echo "the clang build (lock check, fuzz targets) failed; its log is $fuzz_log" >&2
  exit 1
fi
echo "clang build (lock check, fuzz targets): $(tail -n 1 "$fuzz_log")"
[ "$suite" -eq 0 ] || exit "$suite"
seconds=${HROMADA_FUZZ_SECONDS:-10}
[ "$seconds" -gt 20 ] && seconds=20
export -f hromada_fuzz_run
ls tests/fuzz/corpus | xargs -P "$(nproc)" -I{} bash -c 'hromada_fuzz_run "$1" "$2"' _ {} "$seconds"
