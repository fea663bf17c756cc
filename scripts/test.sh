#!/usr/bin/env bash
# README command 2: run every test. Unit and integration tests run on SQLite; when
# TEST_DATABASE_URL points at PostgreSQL (as in CI), the integration and browser tests run again
# there, each test in a fresh database. Last, the Debian package is built and tested in a
# debootstrap root (needs root, or sudo). The browser tests drive Debian's headless Chromium over the
# release bundle of both apps, so the bundle is built first.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
# The server's modules depend on each other one way (docs/architecture.md, "Layers").
python3 scripts/import-graph.py
bash scripts/build-web.sh
# The patient app must stay light for old phones on mobile networks: fail over budget.
bash scripts/measure-web.sh

# The two-process scheduler test runs the real `mimamori` binary next to the test binaries.
cargo build -p mimamori-server --bin mimamori --locked

echo "== tests on SQLite"
env -u TEST_DATABASE_URL cargo test --workspace --locked

if [[ -n ${TEST_DATABASE_URL:-} ]]; then
    echo "== integration and browser tests on PostgreSQL"
    cargo test -p mimamori-tests --locked
fi

# PostgreSQL over verified TLS: a private cluster with a private CA (never the shared one).
echo "== PostgreSQL over TLS (sslmode=verify-full)"
bash scripts/test-pg-tls.sh

# The Debian package: a release build packaged by cargo-deb, installed into a fresh debootstrap
# root (cached under ~/.cache/mimamori, never into this machine's system) and checked there:
# files, user, modes, the unit, `mimamori init` + `serve` answering /readyz.
echo "== Debian package"
bash scripts/package.sh >/dev/null
bash scripts/test-package.sh
