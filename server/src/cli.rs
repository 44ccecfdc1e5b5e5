//! The `aansluiting` command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{DbConfig, ServeConfig, SqliteSync};
use crate::{db, startup, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "aansluiting",
    version,
    about = "Aansluiting: interviews and workshops on how well competence profiles fit practice",
    long_about = "Aansluiting serves the web app and the /api/v1 JSON API.\n\n\
        Without --database-url it keeps its data in a SQLite file in --data-dir (created on first run).\n\
        Set DATABASE_URL=postgres://user:pass@host:5432/db to use PostgreSQL instead; nothing else changes.\n\
        Migrations run at start-up."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database to use: sqlite://path/to/file.db or postgres://user:pass@host:5432/db.
    /// Defaults to a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Directory for the default SQLite database and other local files.
    #[arg(long, env = "AANSLUITING_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// SQLite durability: `full` fsyncs every commit (an acknowledged write survives power loss);
    /// `normal` survives a process crash only. Ignored for PostgreSQL.
    #[arg(long, env = "AANSLUITING_SQLITE_SYNC", value_enum, default_value = "full", global = true)]
    pub sqlite_sync: SqliteSync,

    /// Size of the database connection pool.
    #[arg(long, env = "AANSLUITING_DB_CONNECTIONS", default_value_t = 8, global = true)]
    pub db_connections: u32,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default when no command is given).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
}

#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 127.0.0.1:3000 or 0.0.0.0:8080 [env: AANSLUITING_BIND, or LEPTOS_SITE_ADDR under cargo-leptos]
    #[arg(long)]
    pub bind: Option<SocketAddr>,

    /// Directory with the built site (wasm, CSS, assets), as written by `cargo leptos build`.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Seconds to let in-flight requests finish after SIGTERM or Ctrl-C.
    #[arg(long, default_value_t = 20)]
    pub shutdown_grace: u64,
}

impl GlobalArgs {
    pub fn db_config(&self) -> DbConfig {
        DbConfig {
            url: self.database_url.clone().unwrap_or_else(|| DbConfig::default_sqlite_url(&self.data_dir)),
            sqlite_sync: self.sqlite_sync,
            max_connections: self.db_connections.max(1),
        }
    }
}

impl ServeArgs {
    fn serve_config(&self) -> Result<ServeConfig, String> {
        let bind = match self.bind {
            Some(addr) => addr,
            None => ["AANSLUITING_BIND", "LEPTOS_SITE_ADDR"]
                .iter()
                .find_map(|var| std::env::var(var).ok())
                .map(|v| v.parse().map_err(|e| format!("bad bind address {v:?}: {e}")))
                .transpose()?
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
        };
        Ok(ServeConfig { bind, site_root: self.site_root.clone(), shutdown_grace_secs: self.shutdown_grace })
    }
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    let db_cfg = cli.global.db_config();
    let result = match cli.command.unwrap_or(Command::Serve(ServeArgs::parse_default())) {
        Command::Migrate => migrate(&db_cfg).await,
        Command::Serve(args) => match args.serve_config() {
            Ok(serve_cfg) => startup::serve(db_cfg, serve_cfg).await,
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("aansluiting: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(cfg: &DbConfig) -> Result<(), String> {
    let conn = db::connect(cfg).await.map_err(|e| e.to_string())?;
    db::migrate(&conn).await.map_err(|e| e.to_string())?;
    let state = db::migration_state(&conn).await.map_err(|e| e.to_string())?;
    println!("migrations applied: {}, pending: {}", state.applied, state.pending);
    Ok(())
}

impl ServeArgs {
    /// `serve` with its defaults, for when no subcommand is given.
    fn parse_default() -> ServeArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::parse_from(["aansluiting"]).args
    }
}
