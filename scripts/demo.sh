#!/usr/bin/env bash
# A day in the Kherson network, end to end through the real binaries:
# a server on its embedded default, three field devices and a network
# coordinator (the foundation that runs the six communities).
# The coordinator publishes a needs survey; the link goes down; field staff
# register participants, record meetings and attendance, fill surveys and
# note initiatives offline; the link comes back and everyone syncs; the
# coordinator merges a person registered twice and prints the report, which
# the server's own report matches figure for figure.
#
#   scripts/demo.sh [FOLDER]    (default: a new folder under /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
hromada_install_packages
hromada_build build >/dev/null

D=${1:-$(mktemp -d /tmp/hromada-demo.XXXXXX)}
mkdir -p "$D"
S=build/bin/hromada-server
DB=$D/server.db
say() { printf '\n== %s\n' "$*"; }
# Each device profile is encrypted; the demo unlocks them all with one passphrase.
export HROMADA_PASSPHRASE=${HROMADA_PASSPHRASE:-demo passphrase}
on() { local who=$1; shift; build/bin/hromada --profile "$D/$who.db" "$@"; }
first_word() { awk 'NR == 1 { print $1 }'; }

# The first start takes a free port; a restart keeps it, since the devices
# remember the server's URL.
start_server() {
  rm -f "$D/port"
  "$S" serve --db "$DB" --listen "127.0.0.1:${PORT:-0}" --port-file "$D/port" 2>>"$D/server.log" &
  SERVER=$!
  for _ in $(seq 100); do [ -s "$D/port" ] && break; sleep 0.1; done
  PORT=$(cat "$D/port")
  URL=http://127.0.0.1:$PORT
}
stop_server() { kill "$SERVER"; wait "$SERVER" || true; }
trap 'kill "$SERVER" 2>/dev/null || true' EXIT

enrol() {  # enrol NAME COMMUNITIES ROLE
  local code
  code=$("$S" admin add-device --db "$DB" --name "$1" --communities "$2" --role "$3" --json |
    sed 's/.*"code":"\([^"]*\)".*/\1/')
  on "$1" enrol --server "$URL" --code "$code" --name "$1"
}

say "server on $DB (a new database comes with the six communities)"
start_server
enrol stanislav "Stanislav,Bilozerka" field
enrol police "Bilozerka,Chornobaivka,Kochubeivka" field
enrol ngo "Vysokopillia,Novovorontsovka,Stanislav" field
enrol coordinator "Stanislav,Bilozerka,Chornobaivka,Kochubeivka,Vysokopillia,Novovorontsovka" network-coordinator

say "the coordinator publishes a needs survey"
cat >"$D/needs.yaml" <<'YAML'
form: needs
version: 1
title: Потреби громади
questions:
  - id: top_needs
    type: ranking
    text: Що найпотрібніше громаді? (від найважливішого)
    required: true
    options:
      - {id: shelter, label: Укриття}
      - {id: water, label: Питна вода}
      - {id: heating, label: Опалення}
      - {id: transport, label: Транспорт}
      - {id: safety, label: Безпека на дорогах}
  - id: feel_safe
    type: single_choice
    text: Чи почуваєтесь ви в безпеці вдома?
    options:
      - {id: "yes", label: Так}
      - {id: "no", label: Ні}
      - {id: partly, label: Частково}
YAML
on coordinator surveys publish "$D/needs.yaml"
for who in coordinator stanislav police ngo; do on "$who" sync; done

say "the link goes down; field staff keep working offline"
stop_server

# Stanislav's secretary: five participants, two meetings, a survey, an initiative.
olena=$(on stanislav persons add --community Станіслав "Олена Коваленко" --gender female --birth-year 1984 --phone "+380 67 123 45 67" --org-kind council)
petro=$(on stanislav persons add --community Stanislav "Петро Іваненко" --gender male --birth-year 1979 --org-kind police)
iryna=$(on stanislav persons add --community Stanislav "Ірина Мельник" --gender female --birth-year 1991 --idp --org-kind resident)
vasyl=$(on stanislav persons add --community Stanislav "Василь Бондар" --gender male --birth-year 1970 --veteran --org-kind resident)
oksana=$(on stanislav persons add --community Stanislav "Оксана Ткаченко" --gender female --birth-year 2003 --youth --org-kind ngo)
m1=$(on stanislav meetings new --community Stanislav --date 2025-03-04 --topics "безпека шкільних маршрутів" | first_word)
on stanislav attendance mark "$m1" "$olena" "$petro" "$iryna" "$vasyl"
m2=$(on stanislav meetings new --community Stanislav --date 2025-04-08 --topics "укриття в школі" | first_word)
on stanislav attendance mark "$m2" --same-as-last --add "$oksana" --remove "$petro"
on stanislav meetings show "$m2"
echo '{"top_needs": ["shelter", "water", "safety"], "feel_safe": "partly"}' >"$D/a1.json"
echo '{"top_needs": ["water", "shelter"], "feel_safe": "no"}' >"$D/a2.json"
on stanislav surveys fill needs --community Stanislav --respondent "$iryna" --date 2025-04-08 --from-json "$D/a1.json"
on stanislav surveys fill needs --community Stanislav --gender male --birth-year 1965 --date 2025-04-08 --from-json "$D/a2.json"
shelter=$(on stanislav initiatives add --community Stanislav "Укриття в школі" --category shelter --cost 450000 --date 2025-03-04 | first_word)
on stanislav initiatives move "$shelter" prioritised --date 2025-04-08

# The NGO worker registers the same Olena again, in Latin letters, at a
# meeting in Stanislav, and runs a meeting in Vysokopillia.
olena2=$(on ngo persons add --community Stanislav "Olena Kovalenko" --birth-year 1984 --phone 0671234567)
m3=$(on ngo meetings new --community Stanislav --date 2025-05-13 --format hybrid --topics "освітлення вулиць" | first_word)
on ngo attendance mark "$m3" "$olena2"
anna=$(on ngo persons add --community Vysokopillia "Анна Шевченко" --gender female --idp --org-kind charity)
taras=$(on ngo persons add --community Vysokopillia "Тарас Руденко" --gender male --veteran --org-kind emergency_service)
m4=$(on ngo meetings new --community Vysokopillia --date 2025-05-14 --topics "розмінування полів" | first_word)
on ngo attendance mark "$m4" "$anna" "$taras"
echo '{"top_needs": ["safety", "shelter", "transport"], "feel_safe": "no"}' >"$D/a3.json"
on ngo surveys fill needs --community Vysokopillia --respondent "$anna" --date 2025-05-14 --from-json "$D/a3.json"
demining=$(on ngo initiatives add --community Vysokopillia "Розмінування дороги до школи" --category safety --date 2025-05-14 | first_word)
on ngo initiatives move "$demining" prioritised --date 2025-05-20
on ngo initiatives move "$demining" under_consideration --date 2025-06-03
on ngo initiatives move "$demining" awaiting_funding --date 2025-07-15

# The community police officer, in Bilozerka.
ivan=$(on police persons add --community Білозерка "Іван Кравченко" --gender male --org-kind police)
maria=$(on police persons add --community Bilozerka "Марія Олійник" --gender female --idp --org-kind resident)
m5=$(on police meetings new --community Bilozerka --date 2025-05-20 --format in_person --topics "патрулювання" | first_word)
on police attendance mark "$m5" "$ivan" "$maria"
echo '{"top_needs": ["heating", "water", "shelter"], "feel_safe": "partly"}' >"$D/a4.json"
on police surveys fill needs --community Bilozerka --respondent "$maria" --date 2025-05-20 --from-json "$D/a4.json"
on police status

say "the link is back: everyone syncs"
start_server
for who in stanislav police ngo coordinator; do on "$who" sync; done

say "the coordinator reviews likely duplicates and merges"
on coordinator duplicates
pair=$(on coordinator duplicates --json | tr -d ' \n' | sed -n 's/^\[{"a":"\([^"]*\)".*"b":"\([^"]*\)".*/\1 \2/p')
[ -n "$pair" ] && on coordinator merge $pair
on coordinator sync

say "the report, from the coordinator's device (offline-capable)"
on coordinator report --to 2025-12-31
on coordinator report --to 2025-12-31 --format html --output "$D/report.html"

say "the same report from the server's database"
"$S" admin report --db "$DB" --to 2025-12-31 --format json >"$D/server.json"
on coordinator report --to 2025-12-31 --format json >"$D/device.json"
if cmp -s "$D/server.json" "$D/device.json"; then
  echo "server and coordinator device give the same figures ($D/server.json)"
else
  echo "server and device reports differ: diff $D/server.json $D/device.json" >&2
  exit 1
fi
echo "HTML report: $D/report.html (opens with no network)"
