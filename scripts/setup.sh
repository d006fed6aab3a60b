#!/usr/bin/env bash
# Installs what building and testing hromada needs on Debian 12, skipping
# what is already there. Sourced by run.sh, test.sh and bench.sh.
set -euo pipefail

HROMADA_PACKAGES=(
  cmake ninja-build g++ pkg-config
  protobuf-compiler libprotobuf-dev libgrpc++-dev protobuf-compiler-grpc libabsl-dev
  libcurl4-openssl-dev libssl-dev zlib1g-dev libsqlite3-dev libutf8proc-dev
  libspdlog-dev libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libsodium-dev
  libqrencode-dev libpng-dev  # the enrolment QR code (admin add-device --qr)
  libpq-dev  # the PostgreSQL backend (--db postgresql://…)
  postgresql-15  # the PostgreSQL tests start private clusters of it
  libmicrohttpd-dev  # the server's metrics endpoint (serve --metrics-listen)
  libnghttp2-dev  # tests: HTTP/2 peers that misbehave on purpose (tests/support/h2_flood.h)
  libxlsxwriter-dev  # reports as Excel workbooks (report --format xlsx)
  libzip-dev libpugixml-dev  # XLSForm workbooks (surveys publish FORM.xlsx)
  unzip  # reads the workbooks back in their test
  libgtest-dev libgmock-dev libbenchmark-dev openssl
  chromium  # renders the HTML report in its test
  clang-16 libfuzzer-16-dev libclang-rt-16-dev  # fuzzing and the lock check (build-fuzz)
)

hromada_install_packages() {
  local missing=()
  # The browser tests (tests/browser) run on node and npm: Debian's, unless
  # the machine has its own already (a newer node brings its own npm, which
  # Debian's npm package would conflict with).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    HROMADA_PACKAGES+=(nodejs npm)
  fi
  for p in "${HROMADA_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# hromada_build DIR [cmake args…]: configures (once) and builds everything.
hromada_build() {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(hromada_ccache_args) "$@"
  fi
  cmake --build "$dir" -j "$(nproc)"
}

# The compiler launcher arguments for cmake when ccache is installed (it is
# not needed: a fresh machine builds without it).
hromada_ccache_args() {
  if command -v ccache >/dev/null; then
    echo -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
  fi
}

# hromada_fuzz_build [TARGET…]: configures build-fuzz (once) with clang-16:
# the fuzz targets with libFuzzer and ASan/UBSan, and the project's
# libraries with their lock annotations checked (-Wthread-safety). Builds
# the targets named, or all of that.
hromada_fuzz_build() {
  local dir=build-fuzz
  if [ ! -f "$dir/build.ninja" ]; then
    CC=clang-16 CXX=clang++-16 cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DHROMADA_FUZZ=ON -DHROMADA_THREAD_SAFETY=ON $(hromada_ccache_args)
  fi
  if [ $# -gt 0 ]; then
    cmake --build "$dir" -j "$(nproc)" --target "$@"
  else
    cmake --build "$dir" -j "$(nproc)"
  fi
}

# hromada_fuzz_run TARGET SECONDS: runs build-fuzz/bin/fuzz_TARGET (built)
# for SECONDS on a copy of its corpus, tests/fuzz/corpus/TARGET, and prints
# one line. Fails when the target crashes, leaving the input that crashed
# it in build-fuzz/crashes/TARGET/. Several may run at once.
hromada_fuzz_run() {
  local target=$1 seconds=$2
  local work crashes="build-fuzz/crashes/$target" status=0
  work=$(mktemp -d)
  local log="$work.log"
  cp "tests/fuzz/corpus/$target"/* "$work/"
  mkdir -p "$crashes"
  "build-fuzz/bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$work" >"$log" 2>&1 || status=$?
  local runs rate
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  echo "fuzz $target: ${runs:-?} runs in ${seconds} s (${rate:-?} execs/s), corpus" \
    "$(ls "tests/fuzz/corpus/$target" | wc -l) seeds -> $(ls "$work" | wc -l) inputs"
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz $target: crashed (exit $status); the input is in $crashes/" >&2
  fi
  rm -rf "$work" "$log"
  return "$status"
}
