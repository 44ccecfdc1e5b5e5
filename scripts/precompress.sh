#!/usr/bin/env bash
# Writes a brotli (.br) and a gzip (.gz) copy beside the stylesheets, scripts and wasm in the
# given directories (the built site's pkg/ when none is given) where a current one is missing;
# the server sends those instead of compressing as it goes (server/src/http/assets.rs), which
# for a debug build's 17 MB wasm took seconds per download. `make release` has cargo-leptos
# write them for pkg/ (--precompress, brotli's best level); this step is quick rather than
# smallest (brotli level 5 takes about a second for the debug wasm).
set -euo pipefail
source "$(dirname "$0")/env.sh"
shopt -s nullglob
# BROTLI_QUALITY=11 for what a phone downloads (scripts/phone.sh): small files, best level.
quality="${BROTLI_QUALITY:-5}"
[ $# -gt 0 ] || set -- "$SITE_ROOT/pkg"
for dir in "$@"; do
  for file in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
    # A copy has its file's modification time (gzip sets it; brotli only to the second).
    if [ ! -f "$file.br" ] || [ "$file" -nt "$file.br" ]; then
      brotli --quality="$quality" --force --keep --output="$file.br" "$file"
      touch --reference="$file" "$file.br"
    fi
    if [ ! -f "$file.gz" ] || [ "$file" -nt "$file.gz" ]; then
      gzip --keep --force -6 "$file"
    fi
  done
done
