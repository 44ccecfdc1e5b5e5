# Sourced by the other scripts: where builds land and which tools are on PATH.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/debug/aansluiting"
# Where cargo-leptos writes the site; LEPTOS_SITE_ROOT moves it for both (relative to the root).
SITE_ROOT="$(cd "$ROOT" && realpath -m "${LEPTOS_SITE_ROOT:-target/site}")"
PG_ADMIN_URL="${AANSLUITING_TEST_PG:-postgres://postgres@127.0.0.1:5432/test}"
is_ci() { [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; }
pg_up() { psql "$PG_ADMIN_URL" -qAtc 'select 1' >/dev/null 2>&1; }
# cargo-leptos builds debug binaries with this flag; using it for `cargo test` too lets both share
# one set of compiled dependencies instead of rebuilding each other's. Release builds go without.
use_dev_rustflags() { export RUSTFLAGS="--cfg erase_components"; }
