#!/usr/bin/env bash
# Durability across a PostgreSQL restart under load (docs/performance.md, "Durability"): a private
# PostgreSQL 15 cluster (initdb in a temporary folder, its own port, run as the postgres user; the
# machine's shared PostgreSQL is never touched) holds a fresh database; the release server takes
# reports from the load generator; halfway through, the cluster is stopped (fast shutdown: every
# connection is cut), left down for --down seconds and started again, while the load goes on and the
# server keeps running. Prints the answers of each second, then runs `load_reports check` (count,
# resend the unacknowledged, count again).
#
# Exits 1 when a report that got a 2xx is missing, a report is stored more than once, the
# server answered anything but 2xx or 503 (problem+json) while the database was away, a request
# went unanswered (10 s timeout: the server must not hang), or no report succeeded after the
# restart (the server must recover by itself).
#
#   scripts/durability-pg-restart.sh [--duration 30] [--down 5] [--concurrency 32]
#       [--patients 200]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/load-common.sh

db=postgres
duration=30
down=5
concurrency=32
patients=200
while [[ $# -gt 0 ]]; do
    case $1 in
        --duration) duration=$2; shift 2 ;;
        --down) down=$2; shift 2 ;;
        --concurrency) concurrency=$2; shift 2 ;;
        --patients) patients=$2; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "usage: $0 [--duration S] [--down S] [--concurrency C] [--patients N]" >&2; exit 2 ;;
    esac
done
pg_bin=${MIMAMORI_PG_BIN:-/usr/lib/postgresql/15/bin}
[[ -x $pg_bin/initdb ]] || { echo "no PostgreSQL 15 server binaries in $pg_bin (MIMAMORI_PG_BIN)" >&2; exit 2; }
# PostgreSQL refuses to run as root: run the private cluster as the postgres user then.
as_pg=()
[[ $(id -u) == 0 ]] && as_pg=(runuser -u postgres --)

build_release
work=$(mktemp -d)
chmod 755 "$work"
server_pid=
load_pid=
pg_data=$work/pg
pg_port=$(free_port)
pg_ctl() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_data" "$@"; }
cleanup() {
    [[ -n $load_pid ]] && kill "$load_pid" 2>/dev/null
    stop_server
    pg_ctl -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

mkdir "$pg_data"
[[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$pg_data"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust --no-instructions >"$work/initdb.log"
pg_options="-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_data -c max_connections=100"
pg_ctl -o "$pg_options" -l "$pg_data/server.log" -w start >/dev/null
pg_admin=postgres://postgres@127.0.0.1:$pg_port/postgres
pg_name=mimamori_load
fresh_database
machine_line
echo "== private cluster: $pg_data on port $pg_port"
demo_with_accounts
port=$(free_port)
start_server

echo "== load: $concurrency connections for $duration s; PostgreSQL stopped halfway for $down s"
"$bin/load_reports" run --base-url "http://127.0.0.1:$port" --accounts "$work/accounts.tsv" \
    --patients "$patients" --concurrency "$concurrency" --duration "$duration" --timeout 10 \
    --no-baseline --timeline --journal "$work/journal.jsonl" >"$work/load.txt" 2>&1 &
load_pid=$!
until grep -q '^load:' "$work/load.txt"; do
    kill -0 "$load_pid" 2>/dev/null || { cat "$work/load.txt" >&2; exit 1; }
    sleep 0.1
done
sleep "$(awk -v d="$duration" 'BEGIN { print d / 2 }')"
pg_ctl -m fast -w stop >/dev/null
echo "== PostgreSQL stopped at $(date -u +%T) (fast shutdown)"
stopped=$SECONDS
sleep 1
echo "== /readyz while the database is away: $(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "http://127.0.0.1:$port/readyz")"
sleep "$(awk -v d="$down" -v e="$((SECONDS - stopped))" 'BEGIN { print (d > e ? d - e : 0) }')"
pg_ctl -o "$pg_options" -l "$pg_data/server.log" -w start >/dev/null
echo "== PostgreSQL started again at $(date -u +%T)"
wait "$load_pid" || { cat "$work/load.txt" >&2; exit 1; }
load_pid=
grep -v '^t=' "$work/load.txt"
echo "== answers per second (t = seconds into the load):"
grep '^t=' "$work/load.txt"

failed=0
other=$(awk '/^t=/ { n += $7 } END { print n + 0 }' "$work/load.txt")
none=$(awk '/^t=/ { n += $9 } END { print n + 0 }' "$work/load.txt")
unavailable=$(awk '/^t=/ { n += $5 } END { print n + 0 }' "$work/load.txt")
not_problem=$(sed -n 's/.*5xx not problem+json: \([0-9]*\).*/\1/p' "$work/load.txt")
# Seconds from the restart to the end of the run that had successes.
recovered=$(awk '/^t=/ { split($1, t, "="); if ($3 > 0) last = t[2] + 0 } END { print last + 0 }' "$work/load.txt")
echo "== while the database was away: $unavailable answers 503, $other other non-2xx, $none unanswered, $not_problem 5xx not problem+json"
if [[ $other -gt 0 || $none -gt 0 || ${not_problem:-0} -gt 0 ]]; then
    echo "FAILED: the server answered something else than 2xx or 503 problem+json, or not at all"; failed=1
fi
if [[ $unavailable -eq 0 ]]; then echo "FAILED: no 503 while the database was away"; failed=1; fi
tail_second=$(awk '/^t=/ { n++ } END { print n - 1 }' "$work/load.txt")
if [[ $recovered -lt $((tail_second - 1)) ]]; then
    echo "FAILED: no successful report in the last seconds of the run (the server did not recover)"; failed=1
fi

echo "== check: count, resend everything unacknowledged, count again"
"$bin/load_reports" check --base-url "http://127.0.0.1:$port" --accounts "$work/accounts.tsv" \
    --database-url "$MIMAMORI_DATABASE_URL" --journal "$work/journal.jsonl" || failed=1
if grep -q '"status":500' "$work/server.log"; then
    echo "== server log: $(grep -c '"status":500' "$work/server.log") answers 500, e.g.:"
    grep '"status":500' "$work/server.log" | sed 's/.*"error":"\([^"]*\)".*/\1/' | sort | uniq -c | sort -rn | head -5
fi
exit $failed
