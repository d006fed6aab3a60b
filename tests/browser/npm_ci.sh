#!/bin/sh
# Installs the browser tests' npm packages from package-lock.json into the
# current folder, unless this very lock is installed already (then it is
# offline-safe: nothing is fetched).
set -eu
if [ -f node_modules/.hromada-lock ] && cmp -s package-lock.json node_modules/.hromada-lock; then
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts
cp package-lock.json node_modules/.hromada-lock
