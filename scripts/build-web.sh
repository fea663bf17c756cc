#!/usr/bin/env bash
# Builds both Dioxus apps to wasm and writes deployable bundles that the server serves:
#
#   scripts/build-web.sh          release: profile wasm-release, then wasm-opt -Oz, best compression
#   scripts/build-web.sh --dev    dev profile, no wasm-opt, fast compression: for quick iteration
#
#   <repo>/target/web/patient/   served at /          (package patient-app)
#   <repo>/target/web/staff/     served at /staff/    (package staff-console)
#     index.html                 from <app>/web/index.html, placeholders replaced by asset URLs
#     assets.json                the asset URLs of this build (e.g. for a service worker's precache)
#     assets/                    content-hashed, cacheable forever:
#       <package>-<hash8>.wasm  <package>-<hash8>.js (wasm-bindgen glue)  boot-<hash8>.js
#       style-<hash8>.css       snippets-<hash8>/ (JS that crates ship through wasm-bindgen)
#     ...                        every other file of <app>/web/, unchanged (manifest, sw.js, icons)
#   Text files and wasm also get .br and .gz siblings.
#
# Env: MIMAMORI_CACHE (default ~/.cache/mimamori) holds the tools; MIMAMORI_WASM_TARGET_DIR (default
# $MIMAMORI_CACHE/target-wasm) the cargo target dir, outside the clone so CI can cache it.
# Why the build goes this way: docs/development.md, "Building the apps".
set -euo pipefail

# package:bundle directory:URL prefix the server serves the bundle under
APPS=(patient-app:patient:/ staff-console:staff:/staff/)

profile="wasm-release"
case ${1:-} in
    "") ;;
    --dev) profile=dev ;;
    -h | --help) sed -n '2,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "usage: $0 [--dev]" >&2; exit 2 ;;
esac

# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" # installs what is missing; sets WASM_BINDGEN etc.
ROOT=$MIMAMORI_ROOT
SCRIPTS=$ROOT/scripts
cd "$ROOT" # cargo finds the workspace from the current directory
profile_dir=$([[ $profile == dev ]] && echo debug || echo "$profile")
target_dir=${MIMAMORI_WASM_TARGET_DIR:-$MIMAMORI_CACHE/target-wasm}
web_out=$ROOT/target/web
mkdir -p "$web_out"

# Two people (or an editor hook and a person) may build at once: bundling waits its turn.
exec 9>"$web_out/.lock"
flock -n 9 || { echo "build-web: waiting for another build-web.sh to finish" >&2; flock 9; }
rm -rf "$web_out"/.stage-* "$web_out"/.old-* # left behind by an interrupted run

# --- 1. cargo: both apps in one invocation, so std (built from source) and shared deps build once ---
packages=()
for app in "${APPS[@]}"; do packages+=(-p "${app%%:*}"); done
cargo_args=(build --target wasm32-unknown-unknown --profile "$profile" --target-dir "$target_dir"
    "${packages[@]}")
# wasm-bindgen drops DWARF anyway; without it dev builds compile and link several times faster.
[[ $profile == dev ]] && cargo_args+=(--config profile.dev.debug=false)
started=$SECONDS
if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null |
    grep -qx wasm32-unknown-unknown; then
    # A developer's own rustup with the wasm target: prebuilt std, bundled rust-lld.
    cargo "${cargo_args[@]}"
else
    # Debian's rustc-web + rust-web-src: std built from source (needs RUSTC_BOOTSTRAP for -Z), linked by
    # the newest wasm-ld. /usr/bin first so cargo's rustc is Debian's, not rustup's proxy.
    # Release builds trap at a panic instead of formatting its message (std is built here, so it
    # can be built that way too): ~25 KB less brotli wasm for the patient app, which keeps it within
    # its budget (docs/performance.md). Dev builds keep the messages for debugging.
    rustflags=${RUSTFLAGS:-}
    [[ $profile == dev ]] || rustflags+=" -Zunstable-options -Cpanic=immediate-abort"
    PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=$WASM_LD \
        RUSTFLAGS=$rustflags /usr/bin/cargo "${cargo_args[@]}" -Zbuild-std=std,panic_abort
fi
echo "build-web: cargo ($profile) $((SECONDS - started)) s" >&2

# --- 2. per app: wasm-bindgen, wasm-opt, hash, template, compress, swap in ----------------------------
# No --enable-* flags: binaryen reads the post-MVP features rustc used (bulk-memory, sign-ext,
# nontrapping-fptoint, reference-types, multivalue, ...) from the target_features section, which
# wasm-bindgen keeps, and so never emits a feature the input did not already need.
WASM_OPT_FLAGS=(-Oz)

hash8() { sha256sum "$1" | cut -c1-8; }

compress() { # every text file and wasm, so the server can send .br/.gz as they are
    local level_br=11 file
    [[ $profile == dev ]] && level_br=5 # dev wasm is a few MB: q11 would add ~10 s to each build
    while IFS= read -r -d '' file; do
        brotli -f -k -q "$level_br" -o "$file.br" "$file"
        if [[ $profile != dev ]] && command -v zopfli >/dev/null; then zopfli -c "$file" >"$file.gz"
        else gzip -c -n "-$([[ $profile == dev ]] && echo 1 || echo 9)" "$file" >"$file.gz"; fi
    done < <(find "$1" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.mjs' -o -name '*.css' \
        -o -name '*.html' -o -name '*.json' -o -name '*.webmanifest' -o -name '*.svg' -o -name '*.txt' \
        -o -name '*.ico' \) -print0)
}

kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
sum_size() { find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

bundle_app() {
    local package=$1 name=$2 base=$3
    local wasm_in=$target_dir/wasm32-unknown-unknown/$profile_dir/$package.wasm
    local web=$ROOT/$package/web out=$web_out/$name key_file=$web_out/.$name.key
    local prefix=${base}assets/
    [[ -f $web/index.html && -f $web/style.css ]] || {
        echo "build-web: $package/web/ needs index.html and style.css" >&2
        return 1
    }

    # Nothing that goes into the bundle changed: keep it (cargo's no-op check is then all it costs).
    local key
    key=$({ echo "$profile"; sha256sum "$wasm_in" "$SCRIPTS"/*.sh
        find "$web" -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum)
    if [[ -f $out/index.html && -f $key_file && $(<"$key_file") == "$key" ]]; then
        echo "$name: unchanged"
        return 0
    fi

    local stage work
    stage=$(mktemp -d "$web_out/.stage-$name.XXXXXX")
    work=$stage/.work
    chmod 755 "$stage" # mktemp makes it 0700; the server may run as another user
    mkdir -p "$work" "$stage/assets"

    "$WASM_BINDGEN" --target web --no-typescript --remove-name-section --remove-producers-section \
        --out-dir "$work" --out-name "$package" "$wasm_in"
    local wasm=$work/${package}_bg.wasm glue=$work/$package.js
    if [[ $profile != dev ]]; then
        "$WASM_OPT" "${WASM_OPT_FLAGS[@]}" "$wasm" -o "$work/opt.wasm"
        mv "$work/opt.wasm" "$wasm"
    fi

    # Crates' JS (dioxus-interpreter-js, …) lands in snippets/, imported by the glue as ./snippets/…;
    # give the folder a content hash too, so its files can be cached forever like the rest.
    if [[ -d $work/snippets ]]; then
        local snippets
        snippets=snippets-$(cd "$work" && find snippets -type f -print0 | sort -z | xargs -0 sha256sum |
            sha256sum | cut -c1-8)
        mv "$work/snippets" "$stage/assets/$snippets"
        sed -i "s#\(from \|import(\)\(['\"]\)\./snippets/#\1\2./$snippets/#g" "$glue"
    fi

    local wasm_name js_name css_name boot_name
    wasm_name=$package-$(hash8 "$wasm").wasm
    js_name=$package-$(hash8 "$glue").js
    css_name=style-$(hash8 "$web/style.css").css
    mv "$wasm" "$stage/assets/$wasm_name"
    mv "$glue" "$stage/assets/$js_name"
    cp "$web/style.css" "$stage/assets/$css_name"

    # The boot module: the page's only script tag points here (no inline script under the CSP). It
    # passes the hashed wasm URL explicitly; the glue's default would be ./<package>_bg.wasm.
    cat >"$work/boot.js" <<EOF
import init from './$js_name';

init({ module_or_path: '$prefix$wasm_name' }).catch((error) => {
  console.error(error);
  const message = document.createElement('p');
  message.className = 'boot-error';
  message.setAttribute('role', 'alert');
  message.textContent = '読み込みに失敗しました。ページを再読み込みしてください。 / Could not start. Please reload the page.';
  document.getElementById('main')?.replaceChildren(message);
});
EOF
    boot_name=boot-$(hash8 "$work/boot.js").js
    mv "$work/boot.js" "$stage/assets/$boot_name"
    rm -r "$work"

    # Other static files keep their names: a manifest or service worker needs a stable URL.
    (cd "$web" && find . -type f ! -path ./index.html ! -path ./style.css -exec cp --parents {} "$stage" \;)

    # Template comments are notes for us, not for the phone; {{…}} left over is a typo in the template.
    sed -e '/^[[:space:]]*<!--.*-->[[:space:]]*$/d' \
        -e "s#{{base}}#$base#g" -e "s#{{style.css}}#$prefix$css_name#g" \
        -e "s#{{boot.js}}#$prefix$boot_name#g" -e "s#{{app.js}}#$prefix$js_name#g" \
        -e "s#{{app.wasm}}#$prefix$wasm_name#g" "$web/index.html" >"$stage/index.html"
    if grep -n '{{' "$stage/index.html" >&2; then
        echo "build-web: unknown placeholder in $package/web/index.html" >&2
        return 1
    fi

    {
        printf '{\n  "wasm": "%s",\n  "js": "%s",\n  "boot": "%s",\n  "css": "%s",\n  "files": [' \
            "$prefix$wasm_name" "$prefix$js_name" "$prefix$boot_name" "$prefix$css_name"
        (cd "$stage/assets" && find . -type f | sort | sed "s#^\./#$prefix#") |
            awk 'NR > 1 { printf "," } { printf "\n    \"%s\"", $0 }'
        printf '\n  ]\n}\n'
    } >"$stage/assets.json"

    compress "$stage"

    # Swap in whole: a running server sees the old bundle or the new one, never a half-written one
    # (between the two renames, for an instant, neither).
    if [[ -d $out ]]; then mv "$out" "$web_out/.old-$name"; fi
    mv "$stage" "$out"
    rm -rf "$web_out/.old-$name"
    echo "$key" >"$key_file"

    local raw br gz
    raw=$(sum_size "$out/assets" ! -name '*.br' ! -name '*.gz')
    br=$(sum_size "$out/assets" -name '*.br')
    gz=$(sum_size "$out/assets" -name '*.gz')
    echo "$name: wasm $(kib "$(stat -c %s "$out/assets/$wasm_name")"), wasm+js+css $(kib "$raw")" \
        "raw, $(kib "$br") br, $(kib "$gz") gz -> target/web/$name/ (at $base)"
}

# The two apps in parallel: wasm-opt and brotli each keep one core busy.
started=$SECONDS
pids=() logs=()
for app in "${APPS[@]}"; do
    IFS=: read -r package name base <<<"$app"
    logs+=("$web_out/.$name.log")
    bundle_app "$package" "$name" "$base" >"${logs[-1]}" &
    pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
cat "${logs[@]}"
rm -f "${logs[@]}"
[[ $failed -eq 0 ]] || { echo "build-web: bundling failed" >&2; exit 1; }
echo "build-web: bundles $((SECONDS - started)) s" >&2
