#!/usr/bin/env bash
# Durability under kill -9 (docs/performance.md, "Durability"): the release server on
# a fresh database takes reports from the load generator; halfway through, the server is killed
# with SIGKILL and started again while the load goes on. Then `load_reports check` counts in the
# database what every report of the run's journal stored, resends (same idempotency key, same
# body) every report that got no success answer, and counts again. Exits 1 when a report that
# got a 2xx is missing or any report is stored more than once.
#
#   scripts/durability-kill.sh [--db sqlite|postgres] [--duration 20] [--concurrency 32]
#       [--patients 200] [--down 1]
#
# PostgreSQL: MIMAMORI_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) is
# an administrative connection; a database mimamori_load_<pid> is created and dropped after.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/load-common.sh

db=sqlite
duration=20
concurrency=32
patients=200
down=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --db) db=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --concurrency) concurrency=$2; shift 2 ;;
        --patients) patients=$2; shift 2 ;;
        --down) down=$2; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "usage: $0 [--db sqlite|postgres] [--duration S] [--concurrency C] [--patients N] [--down S]" >&2; exit 2 ;;
    esac
done
[[ $db == sqlite || $db == postgres ]] || { echo "--db is sqlite or postgres" >&2; exit 2; }

build_release
work=$(mktemp -d)
server_pid=
load_pid=
pg_admin=${MIMAMORI_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_name=mimamori_load_$$
cleanup() {
    [[ -n $load_pid ]] && kill "$load_pid" 2>/dev/null
    stop_server; drop_database; rm -rf "$work"
}
trap cleanup EXIT

fresh_database
machine_line
demo_with_accounts
port=$(free_port)
start_server

echo "== load ($db): $concurrency connections for $duration s; SIGKILL of the server halfway"
"$bin/load_reports" run --base-url "http://127.0.0.1:$port" --accounts "$work/accounts.tsv" \
    --patients "$patients" --concurrency "$concurrency" --duration "$duration" --timeout 10 \
    --no-baseline --timeline --journal "$work/journal.jsonl" >"$work/load.txt" 2>&1 &
load_pid=$!
# The load starts once every patient is signed in.
until grep -q '^load:' "$work/load.txt"; do
    kill -0 "$load_pid" 2>/dev/null || { cat "$work/load.txt" >&2; exit 1; }
    sleep 0.1
done
sleep "$(awk -v d="$duration" 'BEGIN { print d / 2 }')"
kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true  # bash reports the job "Killed"
echo "== killed the server (SIGKILL) at $(date -u +%T); starting it again in $down s"
# Forgotten, so that stopping at the end never signals a process that reuses its pid.
server_pid=
server_pids=()
sleep "$down"
start_server
echo "== server up again at $(date -u +%T)"
wait "$load_pid" || { cat "$work/load.txt" >&2; exit 1; }
load_pid=
grep -v '^t=' "$work/load.txt"
echo "== answers per second (t = seconds into the load):"
grep '^t=' "$work/load.txt"

echo "== check: count, resend everything unacknowledged, count again"
"$bin/load_reports" check --base-url "http://127.0.0.1:$port" --accounts "$work/accounts.tsv" \
    --database-url "$MIMAMORI_DATABASE_URL" --journal "$work/journal.jsonl"
