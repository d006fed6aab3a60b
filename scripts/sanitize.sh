#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer
# (gcc, in build-asan) and runs the default suite there without retries:
# any memory error, leak or undefined behaviour fails its test. A full
# second build: about twice the time of scripts/test.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
hromada_install_packages
hromada_build build-asan -DHROMADA_SANITIZE=ON
# halt_on_error: the first report ends the process, so its test fails.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
cd build-asan
ctest --output-on-failure --timeout 1800 -j 2 -LE soak "$@"
