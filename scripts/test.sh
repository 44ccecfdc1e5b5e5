#!/usr/bin/env bash
# `make test`: unit and property tests, integration tests on SQLite and PostgreSQL, then the
# browser suite against the freshly built app.
set -euo pipefail
source "$(dirname "$0")/env.sh"
use_dev_rustflags
cd "$ROOT"

"$ROOT/scripts/bootstrap.sh"

if ! pg_up && is_ci; then
  echo "[test] starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! pg_up; then
  if is_ci; then echo "PostgreSQL is required in CI but does not answer at $PG_ADMIN_URL" >&2; exit 1; fi
  printf '\n\033[1;33m!!! PostgreSQL does not answer at %s: its tests will be SKIPPED !!!\033[0m\n\n' "$PG_ADMIN_URL"
fi

echo "[test] cargo fmt --check (the workspace is kept at rustfmt's defaults)"
cargo fmt --all --check

echo "[test] cargo test --workspace (frontend and frontend/phone are wasm entry points, built below)"
cargo test --workspace --exclude frontend --locked

echo "[test] building the app (server + wasm) for the browser tests"
cargo leptos build
"$ROOT/scripts/precompress.sh"
echo "[test] building the workshop phone page (its own small wasm bundle, optimised)"
"$ROOT/scripts/phone.sh"

echo "[test] browser tests"
"$ROOT/scripts/e2e.sh"
