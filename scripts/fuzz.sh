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

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "tests/fuzz/corpus/$target"/* "$work/"
crashes="build-fuzz/crashes/$target"
mkdir -p "$crashes"
log="$work.log"
status=0
"build-fuzz/bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$crashes/" "$work" >"$log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
echo "fuzz $target: ${runs:-?} runs in ${seconds} s (${rate:-?} execs/s), corpus" \
  "$(ls "tests/fuzz/corpus/$target" | wc -l) seeds -> $(ls "$work" | wc -l) inputs"
if [ "$status" -ne 0 ]; then
  tail -n 60 "$log" >&2
  echo "fuzz $target: crashed (exit $status); the input is in $crashes/" >&2
fi
rm -f "$log"
exit "$status"
