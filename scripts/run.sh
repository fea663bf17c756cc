#!/usr/bin/env bash
# README command 1: set up, build and run the whole system on the embedded default (SQLite under
# ./data), with demo data, at http://127.0.0.1:8080 (patient app at /, staff console at /staff/).
# Prints the demo doctors' sign-in details and the patients' invitation links, then serves until
# Ctrl-C. Safe to run again: the demo data is kept and fresh credentials are printed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build-web.sh
cargo build --release --quiet -p mimamori-server --bin mimamori
mimamori() { cargo run --release --quiet -p mimamori-server --bin mimamori -- "$@"; }

export MIMAMORI_LOG_FORMAT=${MIMAMORI_LOG_FORMAT:-pretty}
mimamori demo
echo "Serving on ${MIMAMORI_BIND:-127.0.0.1:8080} (Ctrl-C stops)."
mimamori serve
