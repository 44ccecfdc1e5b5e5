//! Resolved runtime configuration; the CLI fills it from flags and environment.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// SQLite's `synchronous` setting: how much durability a commit buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SqliteSync {
    /// fsync on every commit: an acknowledged write survives power loss.
    Full,
    /// fsync at checkpoints only: survives a process crash, may lose the last commits on power loss.
    Normal,
}

#[derive(Debug, Clone)]
pub struct DbConfig {
    pub url: String,
    pub sqlite_sync: SqliteSync,
    pub max_connections: u32,
}

impl DbConfig {
    /// The default database: a SQLite file inside the data directory.
    pub fn default_sqlite_url(data_dir: &Path) -> String {
        format!(
            "sqlite://{}?mode=rwc",
            data_dir.join("aansluiting.db").display()
        )
    }

    pub fn is_sqlite(&self) -> bool {
        self.url.starts_with("sqlite:")
    }
}

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub bind: SocketAddr,
    pub site_root: PathBuf,
    /// Seconds to let in-flight requests finish after SIGTERM/SIGINT.
    pub shutdown_grace_secs: u64,
    pub auth: crate::auth::AuthConfig,
    /// Seed the demo account and study at start-up.
    pub demo: bool,
}
