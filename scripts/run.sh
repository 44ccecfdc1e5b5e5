#!/usr/bin/env bash
# `make run`: build once, then serve on SQLite in ./data (or DATABASE_URL) at a printed URL.
set -euo pipefail
source "$(dirname "$0")/env.sh"
use_dev_rustflags
cd "$ROOT"
"$ROOT/scripts/bootstrap.sh"
cargo leptos build
"$ROOT/scripts/precompress.sh"
"$ROOT/scripts/phone.sh"
echo "[run] starting $BIN"
exec "$BIN" serve --demo --site-root "$SITE_ROOT" "$@"
