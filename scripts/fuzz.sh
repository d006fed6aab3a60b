#!/usr/bin/env bash
# scripts/fuzz.sh TARGET SECONDS: runs one fuzz target of tests/fuzz/ (its
# name is its corpus folder: tests/fuzz/corpus/TARGET) for SECONDS on a
# copy of its checked-in corpus, in build-fuzz (made on first use; see
# hromada_fuzz_build in setup.sh). Exits non-zero when the target crashes,
# leaving the input that crashed it in build-fuzz/crashes/TARGET/: fix the
# bug and check that input in under the corpus as a regression seed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
usage="usage: scripts/fuzz.sh TARGET SECONDS, TARGET one of: $(ls tests/fuzz/corpus | tr '\n' ' ')"
target=${1:?$usage}
seconds=${2:?$usage}
target=${target#fuzz_}
[ -d "tests/fuzz/corpus/$target" ] || { echo "$usage" >&2; exit 2; }
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "$usage" >&2; exit 2; }
hromada_install_packages
hromada_fuzz_build "fuzz_$target"
hromada_fuzz_run "$target" "$seconds"
