#!/usr/bin/env bash
# scripts/fuzz_long.sh TARGET CPU_MINUTES [WORKDIR]: the long run of one fuzz
# target (docs/security.md). Unlike scripts/fuzz.sh it stops on CPU time,
# not wall time, so a run on a shared machine still gets its full budget.
# The corpus grows in WORKDIR/TARGET (default build-fuzz/long), seeded from
# tests/fuzz/corpus/TARGET, so a second run continues the first. Prints one
# line: CPU minutes, execs, coverage, features, corpus size, crashes; the
# full log stays in WORKDIR/TARGET.log. Exits non-zero when the target
# crashed, leaving the input in build-fuzz/crashes/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: scripts/fuzz_long.sh TARGET CPU_MINUTES [WORKDIR]"
target=${1:?$usage}
minutes=${2:?$usage}
work_root=${3:-build-fuzz/long}
target=${target#fuzz_}
[ -d "tests/fuzz/corpus/$target" ] || { echo "$usage" >&2; exit 2; }
[[ "$minutes" =~ ^[0-9]+$ ]] || { echo "$usage" >&2; exit 2; }
binary="build-fuzz/bin/fuzz_$target"
[ -x "$binary" ] || { echo "build $binary first (scripts/fuzz.sh builds it)" >&2; exit 2; }

corpus="$work_root/$target"
crashes="build-fuzz/crashes/$target"
log="$work_root/$target.log"
mkdir -p "$corpus" "$crashes"
cp -n "tests/fuzz/corpus/$target"/* "$corpus/" 2>/dev/null || true

"$binary" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1 &
pid=$!
budget_ticks=$((minutes * 60 * $(getconf CLK_TCK)))
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo -1; }
# A background job ignores SIGINT, so the budget ends the run with SIGTERM,
# which libFuzzer treats as an interruption (final stats printed).
# libFuzzer exits with 72 after SIGTERM: that is the budget's end, not a
# crash (a crash exits otherwise and leaves an input in $crashes).
ticks=0
stopped=0
while kill -0 "$pid" 2>/dev/null; do
  now=$(cpu_ticks)
  [ "$now" -ge 0 ] && ticks=$now
  if [ "$ticks" -ge "$budget_ticks" ]; then
    kill -TERM "$pid" && stopped=1
    break
  fi
  sleep 5
done
status=0
wait "$pid" || status=$?
[ "$stopped" -eq 1 ] && [ "$status" -eq 72 ] && status=0

last=$(grep -E "^#[0-9]+" "$log" | tail -n 1 || true)
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
crashed=$(ls "$crashes" | wc -l)
printf 'fuzz %s: %.1f CPU-min, %s execs, %s, corpus %s files, %s crash inputs, exit %s\n' \
  "$target" "$(echo "$ticks / $(getconf CLK_TCK) / 60" | bc -l)" "${runs:-?}" \
  "$(echo "$last" | grep -oE "cov: [0-9]+ ft: [0-9]+" || true)" "$(ls "$corpus" | wc -l)" \
  "$crashed" "$status"
exit "$status"
