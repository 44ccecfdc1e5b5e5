#!/usr/bin/env bash
# Installs what building and testing need, once; later runs only check and return in seconds.
# Everything comes from crates.io, npm or Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m[bootstrap]\033[0m %s\n' "$*"; }

CARGO_LEPTOS_VERSION=0.3.10
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock, or the bundle won't load.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo fmt --version >/dev/null 2>&1; then
  say "adding rustfmt (make test checks formatting)"
  rustup component add rustfmt
fi

if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes the first time)"
  cargo install cargo-leptos --version "=$CARGO_LEPTOS_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file names a webpki-roots release the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

# npm packages: Playwright for the browser tests, binaryen for wasm-opt (release builds).
lock_sum=$(sha256sum end2end/package-lock.json | cut -d' ' -f1)
stamp=end2end/node_modules/.aansluiting-lock-sum
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages in end2end/"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  echo "$lock_sum" > "$stamp"
fi

# Debian's Chromium for Playwright (never Playwright's own browser download).
if ! command -v chromium >/dev/null 2>&1; then
  say "installing Debian's chromium"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi

# brotli (with gzip) writes the compressed copies of a debug build's files (scripts/precompress.sh).
if ! command -v brotli >/dev/null 2>&1; then
  say "installing brotli"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli
  fi
fi

# psql creates the throwaway PostgreSQL database for the browser tests.
if ! command -v psql >/dev/null 2>&1; then
  say "installing the PostgreSQL client"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq postgresql-client; else sudo apt-get install -y -qq postgresql-client; fi
fi
