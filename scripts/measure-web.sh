#!/usr/bin/env bash
# Measures the patient app's first visit against its budget (350 KB compressed): the
# bytes a phone downloads the first time it opens the app, compressed as the server sends them
# (brotli, from the build's .br files) and with gzip (for browsers or proxies without brotli).
#
#   scripts/measure-web.sh [BUNDLE]   BUNDLE defaults to target/web/patient (scripts/build-web.sh)
#
# Counted: index.html, every file of assets.json (boot module, wasm-bindgen glue and its snippets,
# wasm, stylesheet), manifest.webmanifest and sw.js. Listed but not counted: what the service
# worker fetches after the app has started (assets.json, the icons); PNGs are sent as they are.
# Exits 1 over budget, 2 when the bundle is missing. Env: MIMAMORI_BUDGET_BYTES (default 350000:
# 1 KB = 1,000 bytes, the stricter reading).
# The figures and how they moved are in docs/performance.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bundle=${1:-$root/target/web/patient}
budget=${MIMAMORI_BUDGET_BYTES:-350000}
[[ -f $bundle/index.html && -f $bundle/assets.json ]] || {
    echo "measure-web: no bundle in $bundle: run scripts/build-web.sh first" >&2
    exit 2
}
for tool in brotli gzip; do
    command -v "$tool" >/dev/null || { echo "measure-web: needs $tool (scripts/setup.sh)" >&2; exit 2; }
done

# Compressed here rather than read from the .br/.gz files, so a --dev bundle (faster, weaker
# compression) is measured like a release one: brotli -q 11 as the release build, gzip -9 (the
# release build's zopfli is a little smaller, so gzip figures err high).
size_br() { brotli -q 11 -c "$1" | wc -c; }
size_gz() { gzip -9 -n -c "$1" | wc -c; }

first_visit=(index.html)
while IFS= read -r url; do first_visit+=("${url#/}"); done < <(
    grep -o '"/assets/[^"]*"' "$bundle/assets.json" | tr -d '"' | sort -u)
first_visit+=(manifest.webmanifest sw.js)
background=(assets.json)
while IFS= read -r icon; do background+=("${icon#"$bundle"/}"); done < <(
    find "$bundle/icons" -type f -name '*.png' 2>/dev/null | sort)

total_raw=0 total_br=0 total_gz=0
row() { # name raw br gz; snippet paths lose their hashes to fit the table
    local name
    name=$(sed -E 's#^assets/snippets-[0-9a-f]+/([a-z0-9-]+)-[0-9a-f]{16}/#assets/snippets/\1/#' <<<"$1")
    printf '  %-62s %10s %10s %10s\n' "$name" "$2" "$3" "$4"
}
num() { sed -E ':a;s/([0-9])([0-9]{3})($|,)/\1,\2\3/;ta' <<<"$1"; }

echo "Patient app, first visit ($bundle), bytes:"
row "" raw brotli gzip
for file in "${first_visit[@]}"; do
    [[ -f $bundle/$file ]] || { echo "measure-web: $file is missing from the bundle" >&2; exit 2; }
    raw=$(stat -c %s "$bundle/$file") br=$(size_br "$bundle/$file") gz=$(size_gz "$bundle/$file")
    total_raw=$((total_raw + raw)) total_br=$((total_br + br)) total_gz=$((total_gz + gz))
    row "$file" "$(num "$raw")" "$(num "$br")" "$(num "$gz")"
done
row "total" "$(num "$total_raw")" "$(num "$total_br")" "$(num "$total_gz")"

echo "Fetched by the service worker once the app runs (not counted):"
for file in "${background[@]}"; do
    [[ -f $bundle/$file ]] || continue
    raw=$(stat -c %s "$bundle/$file")
    if [[ $file == *.png ]]; then br=$raw gz=$raw; else br=$(size_br "$bundle/$file") gz=$(size_gz "$bundle/$file"); fi
    row "$file" "$(num "$raw")" "$(num "$br")" "$(num "$gz")"
done

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }
if ((total_br > budget)); then
    echo "OVER BUDGET: $(kb "$total_br") brotli (as served) > $(kb "$budget"), by $(num $((total_br - budget))) bytes" \
        "(gzip $(kb "$total_gz"))"
    exit 1
fi
echo "within budget: $(kb "$total_br") brotli (as served) <= $(kb "$budget"), $(num $((budget - total_br))) bytes to spare" \
    "(gzip $(kb "$total_gz"))"
