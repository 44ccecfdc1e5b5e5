#!/usr/bin/env bash
# Builds the workshop phone page (frontend/phone) into target/site/phone: its own small wasm
# bundle, always optimised (it is what a room of phones downloads; a debug build of it would
# be several megabytes), with content hashes in the file names and a manifest the server reads.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

out="$SITE_ROOT/phone"
# Without the dev flag: release builds of the wasm (this and `make release`) share their deps.
RUSTFLAGS="" cargo build -p phone --lib --target wasm32-unknown-unknown --profile wasm-release --locked
wasm="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/phone.wasm"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name phone "$wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue "$work/phone_bg.wasm" -o "$work/phone_bg.opt.wasm"
mv "$work/phone_bg.opt.wasm" "$work/phone_bg.wasm"

hash() { sha256sum "$1" | cut -c1-16; }
rm -rf "$out" && mkdir -p "$out"
js="phone-$(hash "$work/phone.js").js"
wasm_name="phone-$(hash "$work/phone_bg.wasm")_bg.wasm"
css="phone-$(hash style/phone.css).css"
cp "$work/phone.js" "$out/$js"
cp "$work/phone_bg.wasm" "$out/$wasm_name"
cp style/phone.css "$out/$css"
printf '{"js":"%s","wasm":"%s","css":"%s"}\n' "$js" "$wasm_name" "$css" > "$out/manifest.json"

# Brotli's best level: a room of phones on slow Wi-Fi gains ~25 KB each (level 5: 182 KB in all).
BROTLI_QUALITY=11 "$ROOT/scripts/precompress.sh" "$out"
echo "[phone] $(du -b "$out/$wasm_name" | cut -f1) bytes of wasm, $(du -b "$out/$js" | cut -f1) of JS, $(du -b "$out/$css" | cut -f1) of CSS in $out"
