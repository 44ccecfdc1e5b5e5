//! Structured logs on stderr (stdout is for what the user asked for): human-readable, or JSON
//! when `AANSLUITING_LOG_FORMAT=json`.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

pub fn init() {
    let filter = EnvFilter::try_from_env("AANSLUITING_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=warn"));
    let json = std::env::var("AANSLUITING_LOG_FORMAT").is_ok_and(|v| v == "json");
    let registry = tracing_subscriber::registry().with(filter);
    // `try_init` so tests that build several servers in one process do not panic.
    let _ = if json {
        registry
            .with(
                fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_writer(std::io::stderr),
            )
            .try_init()
    } else {
        registry
            .with(fmt::layer().with_target(false).with_writer(std::io::stderr))
            .try_init()
    };
}
