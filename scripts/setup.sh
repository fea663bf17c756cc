#!/usr/bin/env bash
# Installs what building the web apps and running the browser tests need, on Debian/Ubuntu.
# Idempotent and silent when everything is already there. Why this route: docs/development.md,
# "Building the apps".
#
#   scripts/setup.sh                 run directly (e.g. first thing in CI)
#   source scripts/setup.sh          from another script: also sets the variables below
#
# After it: MIMAMORI_CACHE, MIMAMORI_TOOLS, WASM_BINDGEN, WASM_OPT, WASM_LD are set and exported.
# Never runs `rustup target add` nor downloads a toolchain or browser: these machines reach only the
# package registries (apt, crates.io, npm).
set -euo pipefail

MIMAMORI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Outside the clone, so fresh clones on one machine and CI runs share the tools and the wasm target dir.
export MIMAMORI_CACHE=${MIMAMORI_CACHE:-$HOME/.cache/mimamori}
export MIMAMORI_TOOLS=${MIMAMORI_TOOLS:-$MIMAMORI_CACHE/tools}
BINARYEN_VERSION=132.0.0 # Debian's binaryen (108) cannot read wasm-bindgen's output.

setup_log() { echo "setup: $*" >&2; }
setup_sudo() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
setup_npm() { npm --loglevel=error --no-audit --no-fund --no-update-notifier "$@"; }

# --- Debian packages -------------------------------------------------------------------------------
setup_apt() {
    # gcc: `cargo install wasm-bindgen-cli` compiles C (ring). libssl-dev: web push encryption
    # (the `ece` crate under `web-push`) links OpenSSL. Fonts for Japanese, and for Chinese
    # and Korean (wqy-microhei, 5 MB, has both), or the browser tests' screenshots show boxes.
    # curl and openssl: the TLS tests speak HTTP/2 and try old TLS versions with them.
    local want=(rustc-web cargo-web rust-web-src chromium brotli pkg-config gcc libc6-dev libssl-dev
        fonts-ipafont-gothic fonts-wqy-microhei curl openssl) missing=()
    command -v npm >/dev/null || want+=(nodejs npm)
    local pkg
    for pkg in "${want[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
    done
    local have_wasm_ld=0
    compgen -G '/usr/lib/llvm-*/bin/wasm-ld' >/dev/null && have_wasm_ld=1
    [[ ${#missing[@]} -eq 0 && $have_wasm_ld -eq 1 ]] && return 0

    setup_log "installing ${missing[*]:-} (apt)"
    setup_sudo apt-get update -qq
    if [[ $have_wasm_ld -eq 0 ]]; then
        # rustc-web does not pull in a linker for wasm32; the LLVM major moves with security updates,
        # so take the newest lld-NN on offer (lld-22 when this was written).
        local lld
        lld=$(apt-cache search --names-only '^lld-[0-9]+$' | cut -d' ' -f1 | sort -V | tail -1)
        [[ -n $lld ]] || { setup_log "no lld-NN package on offer"; return 1; }
        missing+=("$lld")
    fi
    setup_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# --- wasm-bindgen-cli, exactly the version of the wasm-bindgen crate in Cargo.lock ------------------
setup_wasm_bindgen() {
    local version
    version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, "", $3); print $3 }' \
        "$MIMAMORI_ROOT/Cargo.lock" | sort -u)
    [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || {
        setup_log "expected one wasm-bindgen version in Cargo.lock, found: ${version:-none}"
        return 1
    }
    export WASM_BINDGEN_VERSION=$version
    export WASM_BINDGEN=$MIMAMORI_TOOLS/bin/wasm-bindgen
    [[ $("$WASM_BINDGEN" --version 2>/dev/null) == "wasm-bindgen $version" ]] && return 0
    setup_log "installing wasm-bindgen-cli $version (cargo, takes a few minutes)"
    # No --locked: 0.2.130's own lockfile names a crate version the index no longer has.
    cargo install --quiet --force wasm-bindgen-cli --version "$version" --root "$MIMAMORI_TOOLS"
}

# --- wasm-opt from npm's binaryen --------------------------------------------------------------------
setup_wasm_opt() {
    export WASM_OPT=$MIMAMORI_TOOLS/npm/node_modules/.bin/wasm-opt
    [[ $("$WASM_OPT" --version 2>/dev/null) == *"version ${BINARYEN_VERSION%%.*}"* ]] && return 0
    setup_log "installing binaryen $BINARYEN_VERSION (npm)"
    mkdir -p "$MIMAMORI_TOOLS/npm"
    setup_npm install --prefix "$MIMAMORI_TOOLS/npm" --save-exact "binaryen@$BINARYEN_VERSION" >/dev/null
}

# --- playwright-core for the browser tests (drives Debian's chromium; never downloads a browser) ----
setup_browser_tests() {
    local dir=$MIMAMORI_ROOT/tests/browser
    [[ -f $dir/package-lock.json ]] || return 0
    # npm ci wipes node_modules, so run it only when the lockfile changed since the last install.
    local want have=""
    want=$(sha256sum <"$dir/package-lock.json")
    [[ -f $dir/node_modules/.lock-sha256 ]] && have=$(<"$dir/node_modules/.lock-sha256")
    [[ $want == "$have" ]] && return 0
    setup_log "installing tests/browser dependencies (npm ci)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 setup_npm ci >/dev/null)
    echo "$want" >"$dir/node_modules/.lock-sha256"
}

setup_apt
setup_wasm_bindgen
setup_wasm_opt
setup_browser_tests
WASM_LD=$(printf '%s\n' /usr/lib/llvm-*/bin/wasm-ld | sort -V | tail -1)
export WASM_LD
