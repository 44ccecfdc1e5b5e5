//! The `aansluiting` command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use std::time::Duration;

use crate::auth::{AuthConfig, password};
use crate::config::{DbConfig, ServeConfig, SqliteSync};
use crate::services::{accounts, audit, studies};
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
    #[arg(
        long,
        env = "AANSLUITING_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// SQLite durability: `full` fsyncs every commit (an acknowledged write survives power loss);
    /// `normal` survives a process crash only. Ignored for PostgreSQL.
    #[arg(
        long,
        env = "AANSLUITING_SQLITE_SYNC",
        value_enum,
        default_value = "full",
        global = true
    )]
    pub sqlite_sync: SqliteSync,

    /// Size of the database connection pool.
    #[arg(
        long,
        env = "AANSLUITING_DB_CONNECTIONS",
        default_value_t = 8,
        global = true
    )]
    pub db_connections: u32,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default when no command is given).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Accounts and study membership, for first use and scripts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Create the demo coordinator and demo study if missing (what `serve --demo` does) and exit.
    Demo,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account. Prints a random password, or reads one from stdin with --password-stdin.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from the first line of standard input (for scripts).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (random and printed, or from stdin); ends the account's sessions.
    SetPassword {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Check the audit log's hash chain: every entry as recorded, none removed or inserted.
    VerifyAudit,
    /// Make an account a member of a study.
    AddMember {
        /// Study id, or its exact name.
        #[arg(long)]
        study: String,
        #[arg(long)]
        email: String,
        /// coordinator, interviewer, facilitator or viewer.
        #[arg(long)]
        role: String,
    },
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

    /// The address users reach the app at, e.g. https://aansluiting.example.nl. With https,
    /// cookies are Secure and `__Host-` prefixed; state-changing requests must come from it.
    #[arg(long, env = "AANSLUITING_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Sign a session out after this many minutes without requests.
    #[arg(long, env = "AANSLUITING_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,

    /// Sign a session out this many hours after sign-in, however active.
    #[arg(long, env = "AANSLUITING_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u64,

    /// Create the demo coordinator and demo study if missing, and print how to sign in.
    #[arg(long)]
    pub demo: bool,

    /// Address of a reverse proxy in front of this server (repeat, or comma-separate in the
    /// variable). Only from these is `Forwarded` / `X-Forwarded-For` believed; off by default.
    #[arg(
        long = "trusted-proxy",
        env = "AANSLUITING_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Bearer secret for `/metrics` and the detailed `/readyz` (a monitoring system's);
    /// without it they are not served.
    #[arg(long, env = "AANSLUITING_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

impl GlobalArgs {
    pub fn db_config(&self) -> DbConfig {
        DbConfig {
            url: self
                .database_url
                .clone()
                .unwrap_or_else(|| DbConfig::default_sqlite_url(&self.data_dir)),
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
                .map(|v| {
                    v.parse()
                        .map_err(|e| format!("bad bind address {v:?}: {e}"))
                })
                .transpose()?
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
        };
        let public_origin = self
            .public_url
            .as_deref()
            .map(|u| u.trim_end_matches('/').to_string());
        let auth = AuthConfig {
            idle_timeout: Duration::from_secs(self.session_idle_minutes.max(1) * 60),
            absolute_timeout: Duration::from_secs(self.session_max_hours.max(1) * 3600),
            secure_cookies: public_origin
                .as_deref()
                .is_some_and(|o| o.starts_with("https://")),
            public_origin,
            trusted_proxies: self.trusted_proxies.clone(),
            metrics_token: self.metrics_token.clone().filter(|t| !t.trim().is_empty()),
        };
        Ok(ServeConfig {
            bind,
            site_root: self.site_root.clone(),
            shutdown_grace_secs: self.shutdown_grace,
            auth,
            demo: self.demo,
        })
    }
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    let db_cfg = cli.global.db_config();
    let result = match cli
        .command
        .unwrap_or(Command::Serve(ServeArgs::parse_default()))
    {
        Command::Migrate => migrate(&db_cfg).await,
        Command::Admin(cmd) => admin(&db_cfg, cmd).await,
        Command::Demo => demo(&db_cfg).await,
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
    let conn = startup::open_database(cfg).await?;
    let state = db::migration_state(&conn)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "migrations applied: {}, pending: {}",
        state.applied, state.pending
    );
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

async fn demo(cfg: &DbConfig) -> Result<(), String> {
    let conn = startup::open_database(cfg).await?;
    crate::services::codebooks::ensure_builtin(&conn)
        .await
        .map_err(|e| e.to_string())?;
    let d = crate::services::demo::ensure(&conn)
        .await
        .map_err(|e| e.to_string())?;
    println!("{}", d.notice(None));
    Ok(())
}

fn read_password_line() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| format!("reading the password from stdin: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

async fn admin(cfg: &DbConfig, cmd: AdminCommand) -> Result<(), String> {
    let conn = startup::open_database(cfg).await?;
    let choose_password = |from_stdin: bool| -> Result<(String, bool), String> {
        if from_stdin {
            Ok((read_password_line()?, false))
        } else {
            Ok((password::generate(), true))
        }
    };
    match cmd {
        AdminCommand::CreateUser {
            email,
            name,
            password_stdin,
        } => {
            let (pw, print) = choose_password(password_stdin)?;
            let user = accounts::create_user(&conn, &email, &name, &pw)
                .await
                .map_err(|e| e.to_string())?;
            audit::record_committed(
                &conn,
                None,
                None,
                "account.created",
                serde_json::json!({"email": user.email, "by": "command line"}),
            )
            .await
            .map_err(|e| e.to_string())?;
            println!("created account {} ({})", user.email, user.id);
            if print {
                println!("password: {pw}");
            }
        }
        AdminCommand::SetPassword {
            email,
            password_stdin,
        } => {
            let (pw, print) = choose_password(password_stdin)?;
            accounts::set_password(&conn, &email, &pw)
                .await
                .map_err(|e| e.to_string())?;
            println!("password changed for {email}; its sessions were ended");
            if print {
                println!("password: {pw}");
            }
        }
        AdminCommand::VerifyAudit => match audit::verify(&conn).await.map_err(|e| e.to_string())? {
            audit::ChainCheck::Intact { entries } => {
                println!("audit log intact: {entries} entries, each as recorded, none missing");
            }
            audit::ChainCheck::Broken { entry_id, why } => {
                return Err(format!("audit log broken at entry {entry_id}: {why}"));
            }
        },
        AdminCommand::AddMember { study, email, role } => {
            let role = studies::parse_role(&role).map_err(|e| e.to_string())?;
            let s = studies::find_for_admin(&conn, &study)
                .await
                .map_err(|e| e.to_string())?;
            let m = studies::add_member_as(&conn, None, &s.id, &email, role)
                .await
                .map_err(|e| e.to_string())?;
            println!("{} is now {} of {:?}", m.email, m.role.code(), s.name);
        }
    }
    Ok(())
}
