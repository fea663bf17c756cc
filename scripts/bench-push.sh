#!/usr/bin/env bash
# Reminder fan-out benchmark (docs/performance.md, "Reminder fan-out"): a fresh database with N
# enrolled cases (100,000 by default), each with one subscribed device, the reminder job and the
# outbox sender of a release build run at 08:00 Tokyo, pushing to a local push service in the same
# process (tests/src/tools/bench_push.rs). Prints the rates.
#
#   scripts/bench-push.sh [--db sqlite|postgres] [--subscriptions N]
#
# PostgreSQL: MIMAMORI_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) is
# an administrative connection; a database mimamori_bench_push_<pid> is created and dropped after.
set -euo pipefail
cd "$(dirname "$0")/.."

db=sqlite
subscriptions=100000
while [[ $# -gt 0 ]]; do
    case $1 in
        --db) db=$2; shift 2 ;;
        --subscriptions) subscriptions=$2; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "usage: $0 [--db sqlite|postgres] [--subscriptions N]" >&2; exit 2 ;;
    esac
done
[[ $db == sqlite || $db == postgres ]] || { echo "--db is sqlite or postgres" >&2; exit 2; }

cargo build --release --locked --quiet -p mimamori-tests --bin bench_push
bin=${CARGO_TARGET_DIR:-$PWD/target}/release

work=$(mktemp -d)
pg_admin=${MIMAMORI_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_name=mimamori_bench_push_$$
cleanup() {
    if [[ $db == postgres ]]; then psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [[ $db == postgres ]]; then
    psql -q "$pg_admin" -c "CREATE DATABASE $pg_name" >/dev/null
    url="${pg_admin%/*}/$pg_name"
else
    url="sqlite://$work/bench.db?mode=rwc"
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); database: $db"
RUST_LOG=${RUST_LOG:-warn} MIMAMORI_LOG_FORMAT=pretty "$bin/bench_push" --database-url "$url" --subscriptions "$subscriptions"
