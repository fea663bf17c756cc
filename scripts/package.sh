#!/usr/bin/env bash
# Builds the Debian package of the server: $CARGO_TARGET_DIR/debian/mimamori_<version>-1_<arch>.deb
# with the release binary, both web apps, the systemd unit, the maintainer scripts and the
# commented example configuration ([package.metadata.deb] in server/Cargo.toml, files in
# server/debian/; installing it: docs/operations.md). Test it with scripts/test-package.sh.
#
#   scripts/package.sh              build the web apps (if anything changed) and the release binary,
#                                   then package
#   scripts/package.sh --no-build   package what is already built (the release binary in
#                                   $CARGO_TARGET_DIR/release, the apps in target/web)
#
# The last line printed is the path of the .deb.
# Env: MIMAMORI_CACHE (default ~/.cache/mimamori) holds cargo-deb and, unless CARGO_TARGET_DIR says
# otherwise, the target dir ($MIMAMORI_CACHE/target, as .ci/run uses).
set -euo pipefail

# Pinned so every machine makes the same package layout; raise it deliberately.
CARGO_DEB_VERSION=3.8.0

build=1
case ${1:-} in
    "") ;;
    --no-build) build=0 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" # cargo finds the workspace from the current directory
export MIMAMORI_CACHE=${MIMAMORI_CACHE:-$HOME/.cache/mimamori}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$MIMAMORI_CACHE/target}

log() { echo "package: $*" >&2; }

# --- 1. the web apps: build-web.sh rebuilds only what changed, so the package never holds stale ones -
if [[ $build -eq 1 ]]; then
    bash scripts/build-web.sh >&2
fi
for app in patient staff; do
    [[ -f target/web/$app/index.html ]] || {
        log "target/web/$app/index.html is missing: run scripts/build-web.sh (or drop --no-build)"
        exit 1
    }
done

# --- 2. cargo-deb, in the cache (not ~/.cargo/bin): its own install root and target dir, so it neither
# touches the developer's tools nor rebuilds anything in the workspace's target dir.
CARGO_DEB_ROOT=$MIMAMORI_CACHE/cargo-install
if [[ $("$CARGO_DEB_ROOT/bin/cargo-deb" --version 2>/dev/null) != *" $CARGO_DEB_VERSION" ]]; then
    log "installing cargo-deb $CARGO_DEB_VERSION (cargo, takes a few minutes)"
    # --locked: cargo-deb's own Cargo.lock, the dependency versions its release was tested with.
    CARGO_INSTALL_ROOT=$CARGO_DEB_ROOT CARGO_TARGET_DIR=$CARGO_DEB_ROOT/target \
        cargo install --quiet --locked --force cargo-deb --version "$CARGO_DEB_VERSION" >&2
fi
export PATH=$CARGO_DEB_ROOT/bin:$PATH # `cargo deb` runs the first cargo-deb on PATH

# --- 3. the package ----------------------------------------------------------------------------------
# cargo-deb runs `cargo build --release --locked --bin=mimamori` (a no-op when it is up to date), strips
# a copy of the binary, and prints the .deb's path on stdout.
deb_args=(deb -p mimamori-server --locked)
[[ $build -eq 1 ]] || deb_args+=(--no-build)
if [[ $build -eq 0 && ! -x $CARGO_TARGET_DIR/release/mimamori ]]; then
    log "$CARGO_TARGET_DIR/release/mimamori is missing: build it or drop --no-build"
    exit 1
fi
started=$SECONDS
deb=$(cargo "${deb_args[@]}" | tail -n 1)
[[ $deb == *.deb && -f $deb ]] || { log "cargo deb did not report a .deb (got: ${deb:-nothing})"; exit 1; }
log "$(basename "$deb") ($(du -h "$deb" | cut -f1)) in $((SECONDS - started)) s"
echo "$deb"
