//! Database connection set-up for SQLite and PostgreSQL, migrations, and the entities.

pub mod entities;
pub mod immutable;

use std::str::FromStr;
use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DbBackend, DbErr, SqlxSqliteConnector,
};

use crate::config::{DbConfig, SqliteSync};

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("invalid database URL: {0}")]
    BadUrl(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("migrations failed: {0}")]
    Migrate(#[from] DbErr),
}

pub async fn connect(cfg: &DbConfig) -> Result<DatabaseConnection, DbSetupError> {
    if cfg.is_sqlite() {
        connect_sqlite(cfg).await
    } else {
        connect_postgres(cfg).await
    }
}

async fn connect_sqlite(cfg: &DbConfig) -> Result<DatabaseConnection, DbSetupError> {
    let opts = SqliteConnectOptions::from_str(&cfg.url)
        .map_err(|e| DbSetupError::BadUrl(e.to_string()))?
        .create_if_missing(true)
        // WAL lets readers run while one writer commits.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(match cfg.sqlite_sync {
            SqliteSync::Full => SqliteSynchronous::Full,
            SqliteSync::Normal => SqliteSynchronous::Normal,
        })
        // Writers queue on the lock instead of failing with SQLITE_BUSY.
        .busy_timeout(Duration::from_secs(10))
        // Reads straight from the mapped file instead of a pread and a copy per page.
        .pragma("mmap_size", "268435456")
        // Checkpoints run inside a committing writer and stall it: fewer, larger ones (a WAL of
        // up to ~32 MB) keep answer acknowledgements steady under load.
        .pragma("wal_autocheckpoint", "8000")
        .foreign_keys(true);
    if let Some(dir) = opts
        .get_filename()
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|source| DbSetupError::DataDir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(cfg.max_connections)
        .connect_with(opts)
        .await
        .map_err(|e| DbSetupError::Connect(e.to_string()))?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

async fn connect_postgres(cfg: &DbConfig) -> Result<DatabaseConnection, DbSetupError> {
    if !(cfg.url.starts_with("postgres://") || cfg.url.starts_with("postgresql://")) {
        return Err(DbSetupError::BadUrl(format!(
            "{}: expected sqlite:// or postgres://",
            redact(&cfg.url)
        )));
    }
    let mut opts = ConnectOptions::new(cfg.url.clone());
    opts.max_connections(cfg.max_connections)
        .connect_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    Database::connect(opts)
        .await
        .map_err(|e| DbSetupError::Connect(e.to_string()))
}

/// SQLite allows one writer. Two deferred transactions that both read and then write make one
/// fail with SQLITE_BUSY (a lock upgrade that waiting cannot resolve), so SQLite write
/// transactions take turns here; readers are not affected (WAL). PostgreSQL needs no turn.
static SQLITE_WRITER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct WriteTxn {
    pub txn: sea_orm::DatabaseTransaction,
    _turn: Option<tokio::sync::MutexGuard<'static, ()>>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }
}

/// Begins a transaction that will write.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    use sea_orm::TransactionTrait;
    let turn = match db.get_database_backend() {
        DbBackend::Sqlite => Some(SQLITE_WRITER.lock().await),
        _ => None,
    };
    Ok(WriteTxn {
        txn: db.begin().await?,
        _turn: turn,
    })
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbSetupError> {
    Migrator::up(db, None).await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MigrationState {
    pub applied: u32,
    pub pending: u32,
}

pub async fn migration_state(db: &DatabaseConnection) -> Result<MigrationState, DbErr> {
    let applied = Migrator::get_applied_migrations(db).await?.len();
    let pending = Migrator::get_pending_migrations(db).await?.len();
    Ok(MigrationState {
        applied: applied as u32,
        pending: pending as u32,
    })
}

pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}

/// A URL without its password, for logs and error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite://data/a.db?mode=rwc"),
            "sqlite://data/a.db?mode=rwc"
        );
    }
}

/// An id read back from the database. Every id we store is one we made, so one that does not
/// parse is a damaged database: reported as an internal error, never replaced by a default.
pub fn stored_id<T: std::str::FromStr>(raw: &str) -> Result<T, crate::error::ServiceError> {
    raw.parse().map_err(|_| {
        crate::error::ServiceError::Internal(format!("a stored id does not parse: {raw:?}"))
    })
}
