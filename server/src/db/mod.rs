//! Database connection set-up for SQLite and PostgreSQL, migrations, and the entities.

pub mod entities;
pub mod immutable;
pub mod stored;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, ExecResult,
    QueryResult, SqliteTransactionMode, SqlxSqliteConnector, Statement, TransactionOptions,
    TransactionTrait,
};

use self::immutable::Facts;
use crate::auth::cache::AuthCaches;
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

/// A new handle: its own pool, writer turn and caches.
pub async fn connect(cfg: &DbConfig) -> Result<Db, DbSetupError> {
    if cfg.is_sqlite() {
        let opts = sqlite_options(cfg)?;
        let conn = sqlite_pool(opts.clone(), cfg.max_connections).await?;
        let writes = sqlite_pool(opts, 1).await?;
        Ok(Db::with_writer_connection(conn, writes))
    } else {
        Ok(Db::from(connect_postgres(cfg).await?))
    }
}

fn sqlite_options(cfg: &DbConfig) -> Result<SqliteConnectOptions, DbSetupError> {
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
    Ok(opts)
}

async fn sqlite_pool(
    opts: SqliteConnectOptions,
    max_connections: u32,
) -> Result<DatabaseConnection, DbSetupError> {
    let pool = SqlitePoolOptions::new()
        .max_connections(max_connections)
        // A connection to a local file does not go away while idle; pinging it before each
        // use costs a round trip to its worker thread on every transaction.
        .test_before_acquire(false)
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

/// This instance's handle on one database: the connection pool, the turn its SQLite writers
/// take, and what the instance remembers of the database's rows (credentials and roles for a
/// few seconds, facts that never change for good). Clones share all of it; [`connect`] (or
/// `From<DatabaseConnection>`) makes a new one, so two instances in one process, or two
/// databases, never wait for each other's turn nor answer from each other's caches. The caches
/// live here rather than beside the handle so that no code can pair one database's connection
/// with another's memory.
///
/// On SQLite, write transactions run on a connection of their own. SQLite drops a connection's
/// page cache whenever another connection has committed since its last transaction; with writes
/// spread over the pool, every group commit began cold and read its pages back from the WAL.
/// The one writing connection sees only its own commits, so its cache stays warm.
#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    writes: DatabaseConnection,
    writer: Arc<tokio::sync::Mutex<()>>,
    pub auth_cache: AuthCaches,
    pub facts: Facts,
}

impl From<DatabaseConnection> for Db {
    fn from(conn: DatabaseConnection) -> Self {
        Db::with_writer_connection(conn.clone(), conn)
    }
}

impl Db {
    /// A handle whose write transactions run on `writes` (on SQLite, a pool of one connection on
    /// the same file) and everything else on `conn`.
    fn with_writer_connection(conn: DatabaseConnection, writes: DatabaseConnection) -> Self {
        Db {
            conn,
            writes,
            writer: Arc::default(),
            auth_cache: AuthCaches::default(),
            facts: Facts::default(),
        }
    }
}

impl std::ops::Deref for Db {
    type Target = DatabaseConnection;

    fn deref(&self) -> &DatabaseConnection {
        &self.conn
    }
}

impl Db {
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Begins a transaction that will write.
    ///
    /// SQLite allows one writer. A deferred transaction that reads and then writes fails with
    /// SQLITE_BUSY when another writer committed in between (a lock upgrade that waiting cannot
    /// resolve), so SQLite write transactions begin IMMEDIATE: they take the write lock up front
    /// and wait for it (busy timeout). That alone is correct across instances and processes on
    /// one file. Within this instance they also take turns here first, so they queue in order
    /// instead of polling the lock. Readers are not affected (WAL). PostgreSQL needs neither.
    pub async fn begin_write(&self) -> Result<WriteTxn, DbErr> {
        if self.conn.get_database_backend() != DbBackend::Sqlite {
            return Ok(WriteTxn {
                txn: self.conn.begin().await?,
                _turn: None,
            });
        }
        let turn = self.writer.clone().lock_owned().await;
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        Ok(WriteTxn {
            txn: self.writes.begin_with_options(options).await?,
            _turn: Some(turn),
        })
    }

    /// Holds this handle's SQLite writer turn until the guard is dropped, as a write would: for
    /// tests that show one database's writers do not wait for another's.
    pub async fn hold_writer_turn(&self) -> tokio::sync::OwnedMutexGuard<()> {
        self.writer.clone().lock_owned().await
    }

    /// Closes the pools (every clone's).
    pub async fn close(self) -> Result<(), DbErr> {
        self.writes.close_by_ref().await?;
        self.conn.close().await
    }
}

/// Queries run on the pool, so `.one(&db)` works on the handle as on the connection.
#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.conn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.conn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.conn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.conn.query_all_raw(stmt).await
    }
}

/// A write transaction and, on SQLite, the writer turn it holds until it ends.
pub struct WriteTxn {
    pub txn: sea_orm::DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }
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
