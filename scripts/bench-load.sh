#!/usr/bin/env bash
# Report-submission benchmark (docs/performance.md, "Report submission under load"):
# a fresh database with the demo deployment (optionally prefilled with many cases and their
# reports), N generated cases enrolled as patients, the release server on a free port, and the
# load generator tests/src/tools/load_reports.rs on the same machine: it signs the patients in
# over HTTP, submits reports with C connections for D seconds (as fast as answers come, or R a
# second), then measures a bare axum JSON echo endpoint with the same client settings. Prints
# throughput, latency percentiles, answers by status, the ratios to the baseline, the server's
# peak RSS and the load average. With --instances N (PostgreSQL), N servers share the database
# and the generator sends to each in turn, as a round-robin load balancer would.
#
#   scripts/bench-load.sh [--db sqlite|postgres] [--duration 60] [--concurrency 32] [--rate R]
#       [--patients 500] [--prefill N] [--baseline-duration S] [--instances 1]
#
# PostgreSQL: MIMAMORI_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) is
# an administrative connection; a database mimamori_load_<pid> is created and dropped after.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/load-common.sh

db=sqlite
duration=60
concurrency=32
rate=
patients=500
prefill=0
baseline_duration=
instances=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --db) db=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --concurrency) concurrency=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --patients) patients=$2; shift 2 ;;
        --prefill) prefill=$2; shift 2 ;;
        --baseline-duration) baseline_duration=$2; shift 2 ;;
        --instances) instances=$2; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "usage: $0 [--db sqlite|postgres] [--duration S] [--concurrency C] [--rate R] [--patients N] [--prefill N] [--instances N]" >&2; exit 2 ;;
    esac
done
[[ $db == sqlite || $db == postgres ]] || { echo "--db is sqlite or postgres" >&2; exit 2; }
[[ $instances =~ ^[1-9][0-9]*$ ]] || { echo "--instances is a number from 1" >&2; exit 2; }

build_release
work=$(mktemp -d)
server_pid=
pg_admin=${MIMAMORI_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_name=mimamori_load_$$
cleanup() { stop_server; drop_database; rm -rf "$work"; }
trap cleanup EXIT

fresh_database
machine_line
demo_with_accounts
server_pids=()
base_urls=
for _ in $(seq "$instances"); do
    port=$(free_port)
    start_server
    base_urls+=${base_urls:+,}http://127.0.0.1:$port
done

echo "== load ($db, $instances instance(s)), load average before: $(load_average)"
args=(run --base-url "$base_urls" --accounts "$work/accounts.tsv" --patients "$patients"
    --concurrency "$concurrency" --duration "$duration")
[[ -n $rate ]] && args+=(--rate "$rate")
[[ -n $baseline_duration ]] && args+=(--baseline-duration "$baseline_duration")
"$bin/load_reports" "${args[@]}"
for pid in "${server_pids[@]}"; do
    echo "== server $pid memory: peak RSS $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status"), now $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"
done
echo "== load average after: $(load_average)"
if grep -q '"level":"ERROR"' "$work/server.log"; then
    echo "== server errors logged: $(grep -c '"level":"ERROR"' "$work/server.log")"
    grep '"level":"ERROR"' "$work/server.log" | head -3
fi
