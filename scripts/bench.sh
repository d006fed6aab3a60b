#!/usr/bin/env bash
# The full benchmarks of docs/performance.md, one JSON line a scenario:
#   sync:    100,000 attendance records and 200 devices against the real
#            server on loopback (hromada-bench), then a push of 1,000,000
#            whose client must stay within 50 MB (issue 20);
#   reports: a report over 1,000,000 attendances on the server's store and
#            on a coordinator device that pulled them (hromada-report-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
hromada_install_packages
hromada_build build
status=0
build/bin/hromada-bench --check-targets "$@" || status=1
build/bin/hromada-bench --only push --records 1000000 --max-client-mb 50 || status=1
build/bin/hromada-report-bench --check-targets || status=1
exit $status
