#!/usr/bin/env bash
# Work-list benchmark (docs/performance.md, "Work list"): a fresh database with the demo deployment
# plus 20,000 generated cases (about 200,000 reports) in one follow-up organisation, the release
# server on a free port, and the first page of that organisation's work list measured by the Rust
# client tests/src/tools/bench_worklist.rs (300 sequential requests per query after 30 warm-up
# requests; mean, p50, p95, p99, max). Exits 1 when a p95 is 100 ms or more.
#
#   scripts/bench-worklist.sh [--db sqlite|postgres] [--cases N] [--requests N]
#
# PostgreSQL: MIMAMORI_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) is
# an administrative connection; a database mimamori_bench_<pid> is created and dropped after.
# MIMAMORI_BENCH_BIN: a folder of release binaries built before (`mimamori`, `bench_worklist`),
# used as they are, without building: to compare two builds in turns on one machine.
set -euo pipefail
cd "$(dirname "$0")/.."

db=sqlite
cases=20000
requests=300
while [[ $# -gt 0 ]]; do
    case $1 in
        --db) db=$2; shift 2 ;;
        --cases) cases=$2; shift 2 ;;
        --requests) requests=$2; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "usage: $0 [--db sqlite|postgres] [--cases N] [--requests N]" >&2; exit 2 ;;
    esac
done
[[ $db == sqlite || $db == postgres ]] || { echo "--db is sqlite or postgres" >&2; exit 2; }

if [[ -z ${MIMAMORI_BENCH_BIN:-} ]]; then
    cargo build --release --locked --quiet -p mimamori-server --bin mimamori \
        -p mimamori-tests --bin bench_worklist
fi
bin=${MIMAMORI_BENCH_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release}

work=$(mktemp -d)
server_pid=
pg_admin=${MIMAMORI_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_name=mimamori_bench_$$
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if [[ $db == postgres ]]; then psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# The demo makes the key file here, beside the database.
export MIMAMORI_KEY_FILE="$work/mimamori.key"
if [[ $db == sqlite ]]; then
    export MIMAMORI_DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
    db_version="SQLite (bundled with sqlx, WAL)"
else
    psql -q "$pg_admin" -c "CREATE DATABASE $pg_name" >/dev/null
    export MIMAMORI_DATABASE_URL="${pg_admin%/*}/$pg_name"
    db_version=$(psql -tA "$pg_admin" -c 'SHOW server_version' | sed 's/^/PostgreSQL /')
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export MIMAMORI_BIND=127.0.0.1:$port MIMAMORI_PUBLIC_URL=http://127.0.0.1:$port MIMAMORI_LOG_FORMAT=json

echo "== machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; $(uname -sr); $db_version"
echo "== mimamori demo --cases $cases"
started=$SECONDS
RUST_LOG=warn "$bin/mimamori" demo --cases "$cases" >"$work/demo.txt" 2>"$work/demo.log"
grep '^Generated' "$work/demo.txt" || true
echo "   ($((SECONDS - started)) s including migrations and the demo)"
# The demo prints each doctor's sign-in; the generated cases belong to dr.chuo's organisation.
field() { awk -v key="$1" '/login ID: +dr\.chuo$/ { found = 1 } found && $0 ~ key { print $NF; exit }' "$work/demo.txt"; }
password=$(field 'password:')
secret=$(field 'TOTP secret:')
[[ -n $password && -n $secret ]] || { echo "no dr.chuo credentials in the demo output" >&2; cat "$work/demo.txt" >&2; exit 1; }

MIMAMORI_METRICS_ADDR=127.0.0.1:0 "$bin/mimamori" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

echo "== measuring ($db)"
"$bin/bench_worklist" --base-url "http://127.0.0.1:$port" --login dr.chuo --password "$password" \
    --totp-secret "$secret" --requests "$requests"
