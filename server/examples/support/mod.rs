//! What the benchmarks and load tools share: the server run as its own process (the tool
//! started again with `--serve`), a throwaway database, a client connection, a median.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use sea_orm::{ConnectionTrait, Database};

use server::config::{DbConfig, ServeConfig, SqliteSync};

pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

/// A database for one run: a file in a temporary directory, or a fresh PostgreSQL database.
pub struct ScratchDb {
    pub url: String,
    _dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl ScratchDb {
    pub async fn new(
        postgres: bool,
        pg_admin_url: &str,
    ) -> Result<ScratchDb, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        if !postgres {
            return Ok(ScratchDb {
                url: DbConfig::default_sqlite_url(dir.path()),
                _dir: dir,
                pg: None,
            });
        }
        let name = format!("aansluiting_bench_{}", uuid::Uuid::new_v4().simple());
        Database::connect(pg_admin_url)
            .await?
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        let base = pg_admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(pg_admin_url);
        Ok(ScratchDb {
            url: format!("{base}/{name}"),
            _dir: dir,
            pg: Some((pg_admin_url.to_string(), name)),
        })
    }

    pub async fn drop(self) -> Result<(), Box<dyn std::error::Error>> {
        if let Some((admin, name)) = &self.pg {
            Database::connect(admin)
                .await?
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await?;
        }
        Ok(())
    }
}

/// The server alone, in this process: what `aansluiting serve` runs, on `url`.
pub async fn serve(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("warn"))
        .with_writer(std::io::stderr)
        .init();
    let dir = tempfile::tempdir()?;
    let state = server::startup::prepare(&db_cfg(url), &serve_cfg(dir.path())).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("LISTENING {}", listener.local_addr()?);
    std::io::stdout().flush()?;
    // Ends when the parent closes our stdin (or dies).
    let stdin_closed = async {
        let _ = tokio::task::spawn_blocking(|| {
            let mut sink = String::new();
            while std::io::stdin().read_line(&mut sink).is_ok_and(|n| n > 0) {}
        })
        .await;
    };
    server::http::serve::serve(
        listener,
        server::http::router(state),
        stdin_closed,
        Duration::from_secs(1),
    )
    .await;
    Ok(())
}

pub fn db_cfg(url: &str) -> DbConfig {
    DbConfig {
        url: url.to_string(),
        sqlite_sync: SqliteSync::Full,
        max_connections: 16,
    }
}

pub fn serve_cfg(dir: &std::path::Path) -> ServeConfig {
    ServeConfig {
        bind: "127.0.0.1:0".parse().expect("address"),
        site_root: dir.to_path_buf(),
        shutdown_grace_secs: 5,
        auth: Default::default(),
        demo: false,
    }
}

pub struct ServerProcess {
    child: Child,
    pub addr: std::net::SocketAddr,
}

impl ServerProcess {
    pub fn start(url: &str) -> Result<ServerProcess, Box<dyn std::error::Error>> {
        let mut child = Command::new(std::env::current_exe()?)
            .args(["--serve", url])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let addr = line
            .trim()
            .strip_prefix("LISTENING ")
            .ok_or_else(|| format!("the server said {line:?}"))?
            .parse()?;
        Ok(ServerProcess { child, addr })
    }

    /// Resident and peak resident memory in MB, from /proc.
    pub fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kb = |key: &str| {
            status
                .lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

pub type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

pub async fn connect(addr: std::net::SocketAddr) -> Result<Sender, Box<dyn std::error::Error>> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    Ok(sender)
}

pub type StreamError = Box<dyn std::error::Error + Send + Sync>;

/// Opens a live stream (SSE) at `path` with a bearer token and hands every event block to
/// `on_block`, until the server closes the connection or `on_block` fails.
pub async fn read_stream(
    addr: std::net::SocketAddr,
    path: &str,
    token: &str,
    mut on_block: impl FnMut(&str) -> Result<(), StreamError>,
) -> Result<(), StreamError> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake::<_, Empty<Bytes>>(
        hyper_util::rt::TokioIo::new(stream),
    )
    .await?;
    tokio::spawn(conn);
    let req = hyper::Request::get(path)
        .header("host", "127.0.0.1")
        .header("authorization", format!("Bearer {token}"))
        .body(Empty::new())?;
    let res = sender.send_request(req).await?;
    if res.status() != 200 {
        return Err(format!("live stream {path}: {}", res.status()).into());
    }
    let mut body = res.into_body();
    let mut buffer = String::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else {
            continue;
        };
        buffer.push_str(&String::from_utf8_lossy(&data));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            on_block(&block)?;
        }
    }
    Ok(())
}
