#!/usr/bin/env bash
# Installs what is missing, builds, and runs hromada-server on its embedded
# SQLite database (var/hromada.db), or on the database given with
# `--db FILE|postgresql://…`. Other arguments go to `serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
hromada_install_packages
hromada_build build
db=var/hromada.db
serve_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db=$2; shift 2 ;;
    --db=*) db=${1#--db=}; shift ;;
    *) serve_args+=("$1"); shift ;;
  esac
done
[ "$db" = var/hromada.db ] && mkdir -p var
listen=${HROMADA_LISTEN:-127.0.0.1:7443}
# What is shown of the database: a URL's password is hidden.
shown=$(printf '%s' "$db" | sed -E 's#^(postgres(ql)?://[^:/@]*:)[^@]*@#\1***@#')
cat <<INFO

hromada-server: http://${listen}  (database ${shown})
A new database starts with the six communities of the Kherson network
(Stanislav, Bilozerka, Chornobaivka, Kochubeivka, Vysokopillia, Novovorontsovka).
Enrol a first device, in another terminal:
  build/bin/hromada-server admin add-device --db '${shown}' --name "Bilozerka secretary" --communities Bilozerka
  build/bin/hromada --profile field.db enrol --server http://${listen} --code <the code printed above>

INFO
exec build/bin/hromada-server serve --db "$db" --listen "$listen" "${serve_args[@]}"
