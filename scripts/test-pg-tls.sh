#!/usr/bin/env bash
# PostgreSQL over verified TLS (docs/operations.md, "PostgreSQL over TLS"): a private PostgreSQL 15
# cluster (initdb in a temporary folder, its own port, run as the postgres user; the machine's
# shared cluster is never touched) serves TLS with a certificate signed by a private CA made here
# with openssl. `mimamori migrate` must connect with `sslmode=verify-full&sslrootcert=<that CA>`,
# and must refuse, with a message that says what to check, when sslrootcert names another CA or the
# URL's host is not in the certificate.
#
#   scripts/test-pg-tls.sh            (uses $CARGO_TARGET_DIR/debug/mimamori; builds it if absent)
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin=${MIMAMORI_PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x $pg_bin/initdb ]]; then
    # CI has the server binaries; a laptop without PostgreSQL skips this, as it skips the
    # PostgreSQL half of the suite.
    if [[ -n ${TEST_DATABASE_URL:-} ]]; then
        echo "test-pg-tls: no PostgreSQL 15 server binaries in $pg_bin (MIMAMORI_PG_BIN)" >&2
        exit 1
    fi
    echo "test-pg-tls: skipped (no PostgreSQL server binaries in $pg_bin)"
    exit 0
fi
as_pg=()
[[ $(id -u) == 0 ]] && as_pg=(runuser -u postgres --)
target=${CARGO_TARGET_DIR:-$PWD/target}
mimamori=$target/debug/mimamori
[[ -x $mimamori ]] || cargo build -q -p mimamori-server --bin mimamori --locked

source scripts/load-common.sh
work=$(mktemp -d)
pg_data=$work/pg
pg_ctl() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_data" "$@"; }
cleanup() {
    pg_ctl -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
# Set at once, and on INT/TERM too: the private cluster never outlives the script.
trap cleanup EXIT
trap 'exit 1' INT TERM
chmod 755 "$work"
port=$(free_port)

# A CA, the server's certificate it signs (for the name localhost only, not 127.0.0.1), and a
# second CA that signed nothing of this server's.
cd "$work"
ca() {
    openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 2 \
        -subj "/CN=$1" -keyout "$2.key" -out "$2.crt" 2>/dev/null
}
ca "Mimamori test database CA" ca
ca "Some other CA" other-ca
openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost\n' >san.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
    -extfile san.ext -out server.crt 2>/dev/null
cd - >/dev/null

mkdir "$pg_data"
[[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$pg_data"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust --no-instructions >"$work/initdb.log"
install -m 600 "$work/server.key" "$pg_data/server.key"
install -m 644 "$work/server.crt" "$pg_data/server.crt"
[[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$pg_data/server.key" "$pg_data/server.crt"
# TLS only over TCP: a connection without it is refused (hostnossl reject).
printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 0.0.0.0/0 reject\n' \
    >"$pg_data/pg_hba.conf"
pg_ctl -o "-p $port -c listen_addresses=127.0.0.1 -k $pg_data -c ssl=on" \
    -l "$pg_data/server.log" -w start >/dev/null
echo "== private cluster with TLS on port $port"

failures=0
# `migrate` reads the key file before it connects; one for these databases.
export MIMAMORI_KEY_FILE="$work/mimamori.key"
"$mimamori" keys create >/dev/null
# Runs `mimamori migrate` against URL; expects success (ok) or failure (refused) with WORDS.
attempt() {
    local expect=$1 url=$2 words=${3:-} output status=0
    output=$(MIMAMORI_DATABASE_URL=$url RUST_LOG=warn "$mimamori" migrate 2>&1) || status=$?
    if [[ $expect == ok && $status -eq 0 ]]; then
        echo "ok: connects: ${url#*\?}"
    elif [[ $expect == refused && $status -ne 0 && $output == *"$words"* ]]; then
        echo "ok: refused: ${url#*\?}"
        echo "    $(grep -m1 -i 'error' <<<"$output" | cut -c1-300)"
    else
        echo "FAIL ($expect expected, exit $status): ${url#*\?}" >&2
        echo "$output" | tail -5 >&2
        failures=$((failures + 1))
    fi
}
base=postgres://postgres@localhost:$port/postgres
attempt ok "$base?sslmode=verify-full&sslrootcert=$work/ca.crt"
attempt refused "$base?sslmode=verify-full&sslrootcert=$work/other-ca.crt" "sslrootcert="
attempt refused "postgres://postgres@127.0.0.1:$port/postgres?sslmode=verify-full&sslrootcert=$work/ca.crt" "sslrootcert="
attempt refused "$base?sslmode=disable" "connecting to the database"
if [[ $failures -gt 0 ]]; then
    echo "test-pg-tls: $failures check(s) failed" >&2
    exit 1
fi
echo "test-pg-tls: PASS"
