#!/usr/bin/env bash
# The Debian package's test: installs the .deb made by scripts/package.sh into a fresh minimal
# Debian bookworm root (never into this machine's own system) and checks what an administrator
# relies on: the files, the `mimamori` system user, the permissions of the configuration and the
# state folder, the systemd unit, that reinstalling keeps an edited configuration, that
# `mimamori init` and `mimamori serve` work as the service's user (GET /readyz answers 200, both
# apps are served, SIGTERM stops it cleanly), that the layout passes `mimamori check-config` in
# production mode, and that purging removes the configuration but keeps the data.
#
#   scripts/test-package.sh          test the current version's .deb in $CARGO_TARGET_DIR/debian
#   scripts/test-package.sh FILE     test FILE
#
# Runs as root (chroot, mount; re-runs itself under sudo otherwise). The first run makes the base
# root with `debootstrap --variant=minbase` (installing debootstrap with apt if missing), a minute
# or two, and keeps it as $MIMAMORI_CACHE/debootstrap/bookworm-base.tar; later runs unpack it
# into a new temporary folder, removed at the end (MIMAMORI_KEEP_ROOT=1 keeps it to look around).
# The base holds the package's dependencies, so `dpkg -i` also checks its Depends; when they
# change, the base is made again.
# Env: MIMAMORI_CACHE (default ~/.cache/mimamori), CARGO_TARGET_DIR (default $MIMAMORI_CACHE/target),
# MIMAMORI_DEBIAN_MIRROR (default: the Debian mirror of this machine's apt sources).
set -euo pipefail

SUITE=bookworm
# Packages the base has besides minbase and the .deb's dependencies (read from it, so `dpkg -i`
# checks its Depends). systemd: a server has it (installed, not running, as in any chroot), so the
# maintainer scripts' deb-systemd-helper calls run for real, and the unit is checked by the
# root's own systemd-analyze and systemctl. Space-separated.
BASE_EXTRA="systemd"

case ${1:-} in
    -h | --help) sed -n '2,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "usage: $0 [FILE.deb]" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export MIMAMORI_CACHE=${MIMAMORI_CACHE:-$HOME/.cache/mimamori}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$MIMAMORI_CACHE/target}

# The version the package must carry: server/Cargo.toml's (inherited from the workspace). Read
# before sudo, with the caller's cargo (root may have none). --no-deps reads the manifests only and
# resolves nothing; cargo writes each package's name and version first.
version=${MIMAMORI_PACKAGE_VERSION:-}
if [[ -z $version ]]; then
    version=$(cd "$ROOT" && cargo metadata --no-deps --format-version 1 --offline |
        grep -o '"name":"mimamori-server","version":"[^"]*"' | cut -d'"' -f8) || true # checked below
fi

if [[ $(id -u) -ne 0 ]]; then
    # The caller's cache and version, not root's: pass them along.
    exec sudo MIMAMORI_CACHE="$MIMAMORI_CACHE" CARGO_TARGET_DIR="$CARGO_TARGET_DIR" \
        MIMAMORI_PACKAGE_VERSION="$version" MIMAMORI_KEEP_ROOT="${MIMAMORI_KEEP_ROOT:-}" \
        MIMAMORI_DEBIAN_MIRROR="${MIMAMORI_DEBIAN_MIRROR:-}" bash "${BASH_SOURCE[0]}" "$@"
fi

export PATH=$PATH:/usr/sbin:/sbin # chroot, mount, debootstrap: root's tools
started=$SECONDS
log() { echo "test-package: $*" >&2; }
ok() { echo "  ok: $*" >&2; }
fail() {
    echo "test-package: FAIL: $*" >&2
    exit 1
}

# --- cleanup: stop the server, unmount, then (and only then) delete ---------------------------------
server_pid=""
remove_dirs=()

# Unmounts everything at or below $1, deepest first. Returns 1 if something stays mounted.
unmount_below() {
    local dir=$1 target
    while read -r target; do
        umount "$target" 2>/dev/null || umount --lazy "$target" || true
    done < <(findmnt --raw --noheadings --output TARGET | awk -v d="$dir" '$0 == d || index($0, d "/") == 1' |
        sort -r)
    ! findmnt --raw --noheadings --output TARGET | awk -v d="$dir" '$0 == d || index($0, d "/") == 1' |
        grep -q .
}

# Deletes a temporary folder, never across a mount point: a /proc or a bind mount still inside
# would otherwise be walked by rm.
safe_remove() {
    local dir=$1
    [[ -n $dir && $dir != / && -d $dir ]] || return 0
    if ! unmount_below "$dir"; then
        log "NOT removing $dir: something is still mounted below it (findmnt -R $dir)"
        return 1
    fi
    rm -rf --one-file-system "$dir"
}

cleanup() {
    local status=$?
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    local dir
    for dir in "${remove_dirs[@]}"; do
        if [[ ${MIMAMORI_KEEP_ROOT:-} == 1 && $dir == "${tmp:-}" ]]; then
            unmount_below "$dir" || true
            log "kept $dir (MIMAMORI_KEEP_ROOT=1)"
            continue
        fi
        safe_remove "$dir" || status=1
    done
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the .deb ---------------------------------------------------------------------------------------
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || fail "cannot read mimamori-server's version (cargo metadata): '$version'"
deb=${1:-}
if [[ -z $deb ]]; then
    deb=$(compgen -G "$CARGO_TARGET_DIR/debian/mimamori_${version}-*_$(dpkg --print-architecture).deb" |
        sort -V | tail -n 1 || true)
    [[ -n $deb ]] || fail "no mimamori_${version}-*.deb in $CARGO_TARGET_DIR/debian: run scripts/package.sh first"
fi
[[ -f $deb ]] || fail "$deb does not exist"
deb=$(realpath "$deb")
[[ $(dpkg-deb --field "$deb" Package) == mimamori ]] || fail "$deb is not the mimamori package"
deb_version=$(dpkg-deb --field "$deb" Version)
[[ ${deb_version%-*} == "$version" ]] ||
    fail "$deb is version $deb_version, server/Cargo.toml says $version: run scripts/package.sh again"
log "testing $deb"

# Dependencies, without versions or alternatives: the base root must have them for `dpkg -i`.
mapfile -t needed < <({
    dpkg-deb --field "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/:any//; s/[[:space:]]//g'
    tr ' ' '\n' <<<"$BASE_EXTRA"
} | grep . | sort -u)

# --- the base root: made once with debootstrap, kept as a tar ---------------------------------------
# The Debian mirror this machine's apt uses (one-line or deb822 sources), so the base comes from
# where everything else does.
debian_mirror() {
    if [[ -n ${MIMAMORI_DEBIAN_MIRROR:-} ]]; then
        echo "$MIMAMORI_DEBIAN_MIRROR"
        return
    fi
    local files=() mirror
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] && files+=("$f")
    done
    # The main archive's URI: it ends in /debian (security updates come from /debian-security).
    mirror=$( ((${#files[@]})) && awk '
        /^[[:space:]]*#/ { next }
        $1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }
        $1 == "URIs:" { for (i = 2; i <= NF; i++) print $i }
    ' "${files[@]}" | grep -E '/debian/?$' | head -n 1)
    echo "${mirror:-http://deb.debian.org/debian}"
}

base_dir=$MIMAMORI_CACHE/debootstrap
base=$base_dir/$SUITE-base.tar
base_list=$base.packages # what --include had, one a line
make_base() {
    command -v debootstrap >/dev/null || {
        log "installing debootstrap (apt)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
    }
    local mirror work include
    mirror=$(debian_mirror)
    include=$(IFS=,; echo "${needed[*]}")
    mkdir -p "$base_dir"
    work=$(mktemp -d "$base_dir/.make.XXXXXX")
    remove_dirs+=("$work")
    log "making the $SUITE base root from $mirror with $include (debootstrap, a few minutes, once)"
    local t0=$SECONDS
    if ! debootstrap --variant=minbase --include="$include" "$SUITE" "$work/root" "$mirror" \
        >"$work/debootstrap.log" 2>&1; then
        tail -n 30 "$work/debootstrap.log" >&2
        [[ -f $work/root/debootstrap/debootstrap.log ]] && tail -n 30 "$work/root/debootstrap/debootstrap.log" >&2
        fail "debootstrap failed (log above)"
    fi
    unmount_below "$work/root" || fail "debootstrap left mounts below $work/root"
    rm -f "$work"/root/var/cache/apt/archives/*.deb
    tar --numeric-owner -C "$work/root" -cf "$work/base.tar" .
    printf '%s\n' "${needed[@]}" >"$work/packages"
    mv "$work/base.tar" "$base"
    mv "$work/packages" "$base_list"
    log "base root ready ($(du -h "$base" | cut -f1), $((SECONDS - t0)) s)"
}
if [[ ! -f $base || ! -f $base_list ]] || [[ -n $(comm -23 <(printf '%s\n' "${needed[@]}") <(sort -u "$base_list")) ]]; then
    make_base
fi

# --- a fresh root for this run ----------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mimamori-package-test.XXXXXX")
remove_dirs+=("$tmp")
root=$tmp/root
mkdir "$root"
chmod 755 "$root" # it is `/` inside: the service's user must be able to enter it
tar --numeric-owner -C "$root" -xpf "$base"
# A proc of its own (not the host's, bound): the server and ps-like tools read /proc/self. /dev
# keeps the device nodes debootstrap made, so nothing of the host's /dev is mounted in.
mount -t proc proc "$root/proc"
for node in null:1:3 zero:1:5 random:1:8 urandom:1:9; do
    IFS=: read -r name major minor <<<"$node"
    [[ -c $root/dev/$name ]] || { rm -f "$root/dev/$name"; mknod -m 666 "$root/dev/$name" c "$major" "$minor"; }
done
cp "$deb" "$root/tmp/mimamori.deb"

# Runs a command inside the root as root, with a clean environment.
in_root() {
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}

# --- install ------------------------------------------------------------------------------------------
in_root dpkg -i /tmp/mimamori.deb >"$tmp/dpkg-install.log" 2>&1 || {
    cat "$tmp/dpkg-install.log" >&2
    fail "dpkg -i failed (output above)"
}
# shellcheck disable=SC2016 # dpkg-query's ${Field}s, not the shell's
[[ $(in_root dpkg-query -W -f='${Status}' mimamori) == "install ok installed" ]] ||
    fail "dpkg does not list mimamori as installed"
# shellcheck disable=SC2016
ok "dpkg -i installed $(in_root dpkg-query -W -f='${Package} ${Version}' mimamori)"

# --- files --------------------------------------------------------------------------------------------
for file in /usr/bin/mimamori /usr/share/mimamori/web/patient/index.html \
    /usr/share/mimamori/web/staff/index.html /usr/share/mimamori/web/patient/assets.json \
    /usr/share/mimamori/web/staff/assets.json /usr/share/mimamori/mimamori.toml.example \
    /etc/mimamori/mimamori.toml /usr/lib/systemd/system/mimamori.service \
    /usr/share/doc/mimamori/copyright /usr/share/doc/mimamori/operations.md; do
    [[ -f $root$file ]] || fail "$file is missing"
done
[[ -x $root/usr/bin/mimamori ]] || fail "/usr/bin/mimamori is not executable"
ok "files in place (binary, both apps, example and configuration, unit, docs)"
# Build leftovers must not ship.
leftovers=$(dpkg-deb --contents "$deb" | awk '{ print $NF }' | grep -E '/\.(lock|stage-|old-|[a-z]+\.key)' || true)
[[ -z $leftovers ]] || fail "the package holds build-web.sh's working files: $leftovers"

# --- the service's user ---------------------------------------------------------------------------------
IFS=: read -r _ _ uid gid _ home shell < <(in_root getent passwd mimamori) || fail "no user mimamori"
[[ $uid -ge 100 && $uid -lt 1000 ]] || fail "mimamori is uid $uid, not a system user (100-999)"
[[ $(in_root getent group "$gid" | cut -d: -f1) == mimamori ]] || fail "mimamori's primary group is not mimamori"
[[ $shell == /usr/sbin/nologin || $shell == /bin/false ]] || fail "mimamori has a login shell: $shell"
[[ $home == /var/lib/mimamori ]] || fail "mimamori's home is $home"
password=$(in_root getent shadow mimamori | cut -d: -f2)
[[ $password == [\!\*]* ]] || fail "mimamori has a usable password"
ok "system user mimamori (uid $uid), group mimamori, shell $shell, no password"

# --- permissions ----------------------------------------------------------------------------------------
expect_stat() { # path "mode owner:group"
    local got
    got=$(in_root stat -c '%a %U:%G' "$1")
    [[ $got == "$2" ]] || fail "$1 is $got, expected $2"
}
expect_stat /etc/mimamori "750 root:mimamori"
expect_stat /etc/mimamori/mimamori.toml "640 root:mimamori"
expect_stat /var/lib/mimamori "700 mimamori:mimamori"
expect_stat /usr/bin/mimamori "755 root:root"
expect_stat /usr/share/mimamori/web/patient/index.html "644 root:root"
cmp -s "$root/etc/mimamori/mimamori.toml" "$root/usr/share/mimamori/mimamori.toml.example" ||
    fail "/etc/mimamori/mimamori.toml is not the example"
ok "/etc/mimamori 750, mimamori.toml 640 root:mimamori, /var/lib/mimamori 700 mimamori"

# --- the binary ---------------------------------------------------------------------------------------
got=$(in_root mimamori --version) || fail "mimamori --version failed"
[[ $got == "mimamori $version" ]] || fail "mimamori --version printed '$got', expected 'mimamori $version'"
ok "mimamori --version: $got"

# --- the unit -------------------------------------------------------------------------------------------
unit=$root/usr/lib/systemd/system/mimamori.service
for line in User=mimamori Group=mimamori \
    'ExecStart=/usr/bin/mimamori --config /etc/mimamori/mimamori.toml serve' \
    WorkingDirectory=/var/lib/mimamori StateDirectory=mimamori StateDirectoryMode=0700 \
    ProtectSystem=strict ProtectHome=true NoNewPrivileges=true PrivateTmp=true Restart=on-failure \
    Environment=MIMAMORI_LOG_FORMAT=json; do
    grep -qxF "$line" "$unit" || fail "mimamori.service lacks '$line'"
done
# Offline check by bookworm's systemd (unknown keys, bad values, missing binary); nothing runs.
in_root systemd-analyze verify /usr/lib/systemd/system/mimamori.service >"$tmp/verify.log" 2>&1 || {
    cat "$tmp/verify.log" >&2
    fail "systemd-analyze verify mimamori.service failed (output above)"
}
[[ ! -s $tmp/verify.log ]] || { cat "$tmp/verify.log" >&2; fail "systemd-analyze verify complained (above)"; }
# Installing must not enable it: serve needs `mimamori init` first (docs/operations.md). Enabling
# by hand must work (the [Install] section), as must disabling.
[[ $(in_root systemctl is-enabled mimamori.service 2>/dev/null || true) == disabled ]] ||
    fail "installing enabled mimamori.service (systemctl is-enabled: not 'disabled')"
wants=$root/etc/systemd/system/multi-user.target.wants/mimamori.service
in_root systemctl enable mimamori.service >/dev/null 2>&1 || fail "systemctl enable mimamori.service failed"
[[ -L $wants ]] || fail "systemctl enable did not link mimamori.service into multi-user.target.wants"
in_root systemctl disable mimamori.service >/dev/null 2>&1 || fail "systemctl disable mimamori.service failed"
[[ ! -e $wants ]] || fail "systemctl disable left mimamori.service enabled"
exposure=$(in_root systemd-analyze security --offline=true /usr/lib/systemd/system/mimamori.service 2>/dev/null |
    sed -n 's/.*Overall exposure level for mimamori.service: //p' || true)
ok "mimamori.service hardened (systemd-analyze security: ${exposure:-?}), verify clean, not enabled;" \
    "enable/disable work"

# --- reinstalling keeps an edited configuration ------------------------------------------------------------
marker="# edited by test-package.sh $$"
printf '%s\ninvitation_ttl_hours = 48\n' "$marker" >>"$root/etc/mimamori/mimamori.toml"
in_root dpkg -i /tmp/mimamori.deb >"$tmp/dpkg-reinstall.log" 2>&1 || {
    cat "$tmp/dpkg-reinstall.log" >&2
    fail "reinstalling failed (output above)"
}
grep -qxF "$marker" "$root/etc/mimamori/mimamori.toml" || fail "reinstalling overwrote the edited configuration"
expect_stat /etc/mimamori/mimamori.toml "640 root:mimamori"
ok "reinstalling kept the edited configuration and its permissions"

# --- init and serve as the service's user -------------------------------------------------------------------
# The root shares this machine's network: listen on a free port, not 8080.
free_port() {
    local port
    for _ in {1..50}; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
    return 1
}
port=$(free_port) || fail "no free port found"
# As systemd would run it: its user and group, in its state folder, environment from the unit.
# MIMAMORI_METRICS_ADDR: any free port for the metrics listener, not 9464 (older binaries ignore it).
# service_env, then any more NAME=VALUE, then service_user.
service_env=(chroot "$root" /usr/bin/env -i -C /var/lib/mimamori PATH=/usr/sbin:/usr/bin:/sbin:/bin
    LANG=C.UTF-8 HOME=/var/lib/mimamori MIMAMORI_LOG_FORMAT=json MIMAMORI_BIND="127.0.0.1:$port"
    MIMAMORI_METRICS_ADDR=127.0.0.1:0)
service_user=(setpriv --reuid=mimamori --regid=mimamori --init-groups --
    mimamori --config /etc/mimamori/mimamori.toml)
as_service=("${service_env[@]}" "${service_user[@]}")

"${as_service[@]}" init --prefecture テスト県 --admin-login pref.admin --admin-name 'Admin' \
    --admin-email admin@example.jp >"$tmp/init.log" 2>&1 || {
    cat "$tmp/init.log" >&2
    fail "mimamori init as user mimamori failed (output above)"
}
[[ $(in_root stat -c %U:%G /var/lib/mimamori/mimamori.db 2>/dev/null) == mimamori:mimamori ]] ||
    fail "init did not make /var/lib/mimamori/mimamori.db owned by mimamori"
ok "mimamori init as user mimamori made /var/lib/mimamori/mimamori.db"

"${as_service[@]}" serve >"$tmp/serve.log" 2>&1 &
server_pid=$!
url=http://127.0.0.1:$port
ready=0
for _ in {1..120}; do
    kill -0 "$server_pid" 2>/dev/null || {
        tail -n 30 "$tmp/serve.log" >&2
        fail "mimamori serve exited before it was ready (log above)"
    }
    if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/readyz" || true) == 200 ]]; then
        ready=1
        break
    fi
    sleep 0.5
done
[[ $ready -eq 1 ]] || { tail -n 30 "$tmp/serve.log" >&2; fail "GET $url/readyz did not answer 200 within 60 s"; }
ok "mimamori serve as user mimamori: GET /readyz 200 on port $port"
for path in / /staff/; do
    # The apps come from /usr/share/mimamori/web (web_dir in the packaged configuration).
    code=$(curl -s -o "$tmp/page.html" -w '%{http_code}' --max-time 5 "$url$path" || true)
    if [[ $code != 200 ]] || ! grep -q '/assets/' "$tmp/page.html"; then
        tail -n 20 "$tmp/serve.log" >&2
        fail "GET $path answered $code, not the app's index.html"
    fi
done
ok "GET / and /staff/ serve both apps' index.html"
grep -q '^{' "$tmp/serve.log" || fail "serve did not log JSON lines"

kill -TERM "$server_pid"
status=0
for _ in {1..60}; do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
kill -0 "$server_pid" 2>/dev/null && fail "mimamori serve did not stop within 30 s of SIGTERM"
wait "$server_pid" || status=$?
server_pid=""
[[ $status -eq 0 ]] || { tail -n 20 "$tmp/serve.log" >&2; fail "mimamori serve exited with status $status after SIGTERM"; }
ok "SIGTERM stopped the server cleanly"

# The packaged layout must pass the production checks as it is (modes of the configuration, the
# database's folder and the outbox, an administrator from init): only the public URL, which
# every deployment sets, is given here.
if "${as_service[@]}" --help 2>/dev/null | grep -qw check-config; then
    "${service_env[@]}" MIMAMORI_ENV=production MIMAMORI_PUBLIC_URL=https://mimamori.example.jp \
        "${service_user[@]}" check-config >"$tmp/check-config.log" 2>&1 || {
        cat "$tmp/check-config.log" >&2
        fail "check-config in production mode refused the packaged layout (output above)"
    }
    grep -q 'configuration ok' "$tmp/check-config.log" ||
        { cat "$tmp/check-config.log" >&2; fail "check-config found unsafe settings (output above)"; }
    ok "check-config (production, https public URL): configuration ok"
else
    log "skipped check-config: this mimamori does not have it yet"
fi

# --- purge: configuration gone, data kept -------------------------------------------------------------------
in_root dpkg --purge mimamori >"$tmp/dpkg-purge.log" 2>&1 || {
    cat "$tmp/dpkg-purge.log" >&2
    fail "dpkg --purge failed (output above)"
}
[[ ! -e $root/etc/mimamori ]] || fail "purging left /etc/mimamori"
[[ ! -e $root/usr/bin/mimamori && ! -e $root/usr/share/mimamori ]] || fail "purging left files in /usr"
[[ -f $root/var/lib/mimamori/mimamori.db ]] || fail "purging deleted the database in /var/lib/mimamori"
ok "purge removed /etc/mimamori and kept /var/lib/mimamori/mimamori.db"

log "PASS ($((SECONDS - started)) s)"
