#!/usr/bin/env bash
# Browser tests: the built binary on fresh databases (a temp SQLite file, and a new PostgreSQL
# database when a server answers), each on a free port, driven by Playwright in Chromium.
set -euo pipefail
source "$(dirname "$0")/env.sh"
use_dev_rustflags
cd "$ROOT"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The debug build (make build), or with AANSLUITING_PROFILE=release the release build (make
# release), e.g. `AANSLUITING_PROFILE=release scripts/e2e.sh tests/assets.spec.ts`.
export AANSLUITING_PROFILE="${AANSLUITING_PROFILE:-debug}"
BIN="$TARGET_DIR/$AANSLUITING_PROFILE/aansluiting"
export AANSLUITING_BIN="$BIN" AANSLUITING_SITE_ROOT="$SITE_ROOT"
# The last build may have come from `cargo leptos build` without the copies (tests/assets.spec.ts).
"$ROOT/scripts/precompress.sh"
E2E_SQLITE_DIR=$(mktemp -d)
export E2E_SQLITE_DIR E2E_SQLITE_PORT=$(free_port)
pg_db=""
cleanup() {
  rm -rf "$E2E_SQLITE_DIR"
  if [ -n "$pg_db" ]; then psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if pg_up; then
  pg_db="aansluiting_e2e_$(date +%s)_$$"
  psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $pg_db" >/dev/null
  export E2E_PG_PORT=$(free_port) E2E_PG_URL="${PG_ADMIN_URL%/*}/$pg_db"
elif is_ci; then
  echo "PostgreSQL is required in CI but does not answer at $PG_ADMIN_URL" >&2
  exit 1
else
  printf '\n\033[1;33m!!! SKIPPING the PostgreSQL browser tests: no server answers at %s !!!\033[0m\n\n' "$PG_ADMIN_URL"
fi

# Each database gets the demo data and a known password for the demo coordinator.
export E2E_EMAIL="coordinator@demo.aansluiting.test" E2E_PASSWORD="e2e-$(date +%s)-Lantaarn-Kiwi"
seed() {
  AANSLUITING_LOG=warn "$BIN" demo "$@" >/dev/null
  printf '%s\n' "$E2E_PASSWORD" | AANSLUITING_LOG=warn "$BIN" admin set-password --email "$E2E_EMAIL" --password-stdin "$@" >/dev/null
  # A viewer and a second interviewer of the demo study, with the same password (helpers.ts).
  for who in "viewer:Vera Visser (fictief)" "interviewer:Ian Jansen (fictief)"; do
    role=${who%%:*}
    printf '%s\n' "$E2E_PASSWORD" | AANSLUITING_LOG=warn "$BIN" admin create-user --email "$role@demo.aansluiting.test" --name "${who#*:}" --password-stdin "$@" >/dev/null
    AANSLUITING_LOG=warn "$BIN" admin add-member --study "Demo-studie Commercie (fictief)" --email "$role@demo.aansluiting.test" --role "$role" "$@" >/dev/null
  done
  # An account of no study yet, for the invitation journey (messages.spec.ts).
  printf '%s\n' "$E2E_PASSWORD" | AANSLUITING_LOG=warn "$BIN" admin create-user --email "invitee@demo.aansluiting.test" --name "Ines Nieuw (fictief)" --password-stdin "$@" >/dev/null
}
seed --data-dir "$E2E_SQLITE_DIR"
if [ -n "$pg_db" ]; then seed --database-url "$E2E_PG_URL"; fi

cd end2end
npx playwright test "$@"
