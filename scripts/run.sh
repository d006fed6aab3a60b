#!/usr/bin/env bash
# Installs what is missing, builds, and runs hromada-server on its embedded
# SQLite database (var/hromada.db). Extra arguments go to `serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
hromada_install_packages
hromada_build build
mkdir -p var
listen=${HROMADA_LISTEN:-127.0.0.1:7443}
cat <<INFO

hromada-server: http://${listen}  (database var/hromada.db)
A new database starts with the six communities of the Kherson network
(Stanislav, Bilozerka, Chornobaivka, Kochubeivka, Vysokopillia, Novovorontsovka).
Enrol a first device, in another terminal:
  build/bin/hromada-server admin add-device --db var/hromada.db --name "Bilozerka secretary" --communities Bilozerka
  build/bin/hromada --profile field.db enrol --server http://${listen} --code <the code printed above>

INFO
exec build/bin/hromada-server serve --db var/hromada.db --listen "$listen" "$@"
