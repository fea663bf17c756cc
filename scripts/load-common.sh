# Shared by scripts/bench-load.sh, durability-kill.sh and durability-pg-restart.sh (sourced, not
# run): building, a fresh database, the demo with load accounts, starting and stopping the
# release server. Each function uses and sets the variables named in its comment.

# MIMAMORI_BENCH_BIN: a folder of release binaries built before (`mimamori`, `load_reports`),
# used as they are, without building: to compare two builds in turns on one machine.
bin=${MIMAMORI_BENCH_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release}

# Builds the release server and the load generator (unless MIMAMORI_BENCH_BIN is set).
build_release() {
    [[ -z ${MIMAMORI_BENCH_BIN:-} ]] || return 0
    cargo build --release --locked --quiet -p mimamori-server --bin mimamori \
        -p mimamori-tests --bin load_reports
}

# A fresh database for $db (sqlite | postgres) in $work; sets MIMAMORI_DATABASE_URL,
# MIMAMORI_KEY_FILE (made by the demo) and db_version. PostgreSQL: $pg_admin is an administrative
# URL; database $pg_name is created (and dropped by drop_database).
fresh_database() {
    export MIMAMORI_KEY_FILE="$work/mimamori.key"
    if [[ $db == sqlite ]]; then
        export MIMAMORI_DATABASE_URL="sqlite://$work/load.db?mode=rwc"
        db_version="SQLite (bundled with sqlx, WAL)"
    else
        psql -q "$pg_admin" -c "CREATE DATABASE $pg_name" >/dev/null
        export MIMAMORI_DATABASE_URL="${pg_admin%/*}/$pg_name"
        # TLS on loopback protects nothing and cost about 10 % (docs/configuration.md).
        if [[ $MIMAMORI_DATABASE_URL =~ @(127\.0\.0\.1|localhost)[:/] ]]; then
            MIMAMORI_DATABASE_URL+="?sslmode=disable"
        fi
        db_version=$(psql -tA "$pg_admin" -c 'SHOW server_version' | sed 's/^/PostgreSQL /')
    fi
}

drop_database() {
    if [[ $db == postgres ]]; then
        psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" >/dev/null 2>&1 || true
    fi
}

# The demo deployment, $prefill generated cases first when set (not enrolled), then $patients
# generated cases enrolled with sign-ins written to $work/accounts.tsv.
demo_with_accounts() {
    if [[ ${prefill:-0} -gt 0 ]]; then
        echo "== prefill: mimamori demo --cases $prefill"
        local started=$SECONDS
        RUST_LOG=warn "$bin/mimamori" demo --cases "$prefill" >"$work/prefill.txt" 2>"$work/prefill.log"
        grep '^Generated' "$work/prefill.txt" || true
        echo "   ($((SECONDS - started)) s including migrations)"
    fi
    RUST_LOG=warn "$bin/mimamori" demo --cases "$patients" --accounts-file "$work/accounts.tsv" \
        >"$work/demo.txt" 2>"$work/demo.log" || { cat "$work/demo.log" >&2; return 1; }
    grep -E '^(Generated|Enrolled)' "$work/demo.txt"
    settle_database
}

# Brings the new deployment to rest, as a day of running would have left it, so the run
# measures the report path and the database's size rather than what follows their creation:
# the scheduler's once-a-day jobs already due (today's implementation reports and cut-off
# summaries, which the server would otherwise run in the load's first minute: 10-20 s of both
# cores over 1.5 million cases) are run and marked done; after a bulk prefill, PostgreSQL is
# also vacuumed, analysed and checkpointed and the written pages synced (the checkpointer and
# the kernel writing back gigabytes otherwise run during the load).
settle_database() {
    local started=$SECONDS
    RUST_LOG=warn "$bin/mimamori" scheduler run >"$work/scheduler.txt" 2>"$work/scheduler.log" \
        || { cat "$work/scheduler.log" >&2; return 1; }
    echo "   due scheduler jobs run first in $((SECONDS - started)) s: $(head -1 "$work/scheduler.txt")"
    if [[ ${prefill:-0} -gt 0 ]]; then
        started=$SECONDS
        if [[ $db == postgres ]]; then
            psql -q "$MIMAMORI_DATABASE_URL" -c 'VACUUM (ANALYZE)' -c 'CHECKPOINT'
        fi
        sync
        echo "   settled (PostgreSQL: vacuum, analyze, checkpoint; sync) in $((SECONDS - started)) s"
    fi
}

# A free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The load generator is one address sending hundreds of reports a second for each of its
# patients: far past the per-address and per-sign-in rate limits, which exist to stop exactly
# that. The benchmarks raise them with the documented settings (docs/security.md "Limits"),
# the way a deployment would for a trusted load test; no code path knows about benchmarks.
bench_limits=(MIMAMORI_RATE_API=1000000/s MIMAMORI_RATE_SIGN_IN=1000000/s
    MIMAMORI_RATE_REPORTS=1000000/s MIMAMORI_RATE_MESSAGES=1000000/s)

# Starts `mimamori serve` on $port (logs appended to $work/server.log) with $bench_limits; sets
# server_pid, adds it to server_pids (several instances may run at once) and waits until
# /readyz answers.
start_server() {
    env "${bench_limits[@]}" \
        MIMAMORI_BIND=127.0.0.1:$port MIMAMORI_PUBLIC_URL=http://127.0.0.1:$port MIMAMORI_METRICS_ADDR=127.0.0.1:0 \
        MIMAMORI_LOG_FORMAT=json "$bin/mimamori" serve >>"$work/server.log" 2>&1 &
    server_pid=$!
    server_pids+=("$server_pid")
    for _ in $(seq 300); do
        curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "the server did not start" >&2
    tail -20 "$work/server.log" >&2
    return 1
}

# Stops every server start_server started (SIGTERM: each finishes the requests in flight).
stop_server() {
    local pid
    for pid in ${server_pids[@]+"${server_pids[@]}"} ${server_pid:-}; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    server_pids=()
    server_pid=
}

# The machine, for the figures.
machine_line() {
    echo "== machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; $(uname -sr); $db_version"
}

load_average() {
    cut -d' ' -f1-3 /proc/loadavg
}
