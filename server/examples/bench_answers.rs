//! Benchmark: acknowledged answer writes per second through the HTTP API.
//!
//! Starts the real server in-process on 127.0.0.1 (random port) on a throwaway database, makes a
//! coordinator, a study on the built-in codebook and one interview, then lets N keep-alive
//! connections PUT answers with fresh op_ids for a fixed time. Every counted write was answered
//! 200, i.e. committed. All traffic stays on the loopback interface and stops by itself.
//!
//!     cargo run --release -p server --example bench_answers -- --seconds 10 --connections 16 --rounds 5
//!     cargo run --release -p server --example bench_answers -- --postgres
//!     cargo run --release -p server --example bench_answers -- --sqlite-sync normal

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use sea_orm::{ConnectionTrait, Database};
use server::config::{DbConfig, ServeConfig, SqliteSync};

#[path = "../tests/common/scene.rs"]
mod scene;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Measure this many times in a row and print the median too.
    #[arg(long, default_value_t = 1)]
    rounds: usize,
    /// Use a fresh database on this PostgreSQL server instead of SQLite.
    #[arg(long)]
    postgres: bool,
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
    pg_admin_url: String,
    #[arg(long, value_enum, default_value = "full")]
    sqlite_sync: SqliteSync,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    // Warnings only: a failed group commit must not pass unseen, request logs would drown it.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("warn"))
        .with_writer(std::io::stderr)
        .init();
    let dir = tempfile::tempdir()?;
    let pg_name = format!("aansluiting_bench_{}", uuid::Uuid::new_v4().simple());
    let url = if args.postgres {
        Database::connect(&args.pg_admin_url)
            .await?
            .execute_unprepared(&format!("CREATE DATABASE {pg_name}"))
            .await?;
        format!(
            "{}/{pg_name}",
            args.pg_admin_url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .unwrap_or(&args.pg_admin_url)
        )
    } else {
        DbConfig::default_sqlite_url(dir.path())
    };
    let db_cfg = DbConfig {
        url,
        sqlite_sync: args.sqlite_sync,
        max_connections: 16,
    };
    let serve_cfg = ServeConfig {
        bind: "127.0.0.1:0".parse()?,
        site_root: dir.path().to_path_buf(),
        shutdown_grace_secs: 5,
        auth: Default::default(),
        demo: false,
    };
    let state = server::startup::prepare(&db_cfg, &serve_cfg).await?;
    let db = state.db.clone();

    // A coordinator with a token, a study, an interview and the items to rate.
    let s = scene::scene(&db, "bench@example.test", 1).await?;
    let (token, interview, items) = (s.token, s.interviews[0], s.items);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        server::http::serve::serve(
            listener,
            server::http::router(state),
            std::future::pending(),
            Duration::ZERO,
        )
        .await;
    });

    // Rounds run one after another on the same, growing database; the median evens out the
    // disk's fsync jitter, which moves single runs by ±15 %.
    let mut rates = Vec::new();
    for round in 0..args.rounds {
        let acknowledged = Arc::new(AtomicU64::new(0));
        let failed = Arc::new(AtomicU64::new(0));
        let deadline = Instant::now() + Duration::from_secs(args.seconds);
        let started = Instant::now();
        let mut workers = Vec::new();
        for w in 0..args.connections {
            let (token, items) = (token.clone(), items.clone());
            let (acknowledged, failed) = (acknowledged.clone(), failed.clone());
            workers.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let Ok(stream) = tokio::net::TcpStream::connect(addr).await else {
                    return latencies;
                };
                let Ok((mut sender, conn)) =
                    hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                        .await
                else {
                    return latencies;
                };
                tokio::spawn(conn);
                let ratings = ["recognised", "partly", "not_recognised", "not_discussed"];
                let mut i = 0usize;
                while Instant::now() < deadline {
                    let item = &items[(w * 7 + i) % items.len()];
                    let body = format!(
                        r#"{{"rating":"{}","op_id":"r{round}-w{w}-{i}","note":"bench"}}"#,
                        ratings[i % 4]
                    );
                    let req = hyper::Request::put(format!(
                        "/api/v1/interviews/{interview}/answers/{item}"
                    ))
                    .header("host", "127.0.0.1")
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from(body)))
                    .expect("request");
                    let t = Instant::now();
                    match sender.send_request(req).await {
                        Ok(res) => {
                            let ok = res.status() == 200;
                            let _ = res.into_body().collect().await;
                            if ok {
                                acknowledged.fetch_add(1, Ordering::Relaxed);
                                latencies.push(t.elapsed());
                            } else {
                                failed.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        Err(_) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                    }
                    i += 1;
                }
                latencies
            }));
        }
        let mut latencies: Vec<Duration> = Vec::new();
        for w in workers {
            latencies.extend(w.await.unwrap_or_default());
        }
        let elapsed = started.elapsed().as_secs_f64();
        latencies.sort();
        let pct = |p: f64| {
            latencies
                .get(((latencies.len() as f64 - 1.0) * p) as usize)
                .map(|d| d.as_secs_f64() * 1000.0)
                .unwrap_or(0.0)
        };
        let n = acknowledged.load(Ordering::Relaxed);
        let backend = if args.postgres {
            "postgres".to_string()
        } else {
            format!("sqlite (synchronous={:?})", args.sqlite_sync).to_lowercase()
        };
        rates.push(n as f64 / elapsed);
        println!(
            "{backend}: {n} acknowledged writes in {elapsed:.1} s = {:.0} writes/s with {} connections; failed {}; latency p50 {:.2} ms, p99 {:.2} ms",
            n as f64 / elapsed,
            args.connections,
            failed.load(Ordering::Relaxed),
            pct(0.5),
            pct(0.99)
        );
    }
    if rates.len() > 1 {
        rates.sort_by(f64::total_cmp);
        println!(
            "median of {} rounds: {:.0} writes/s (min {:.0}, max {:.0})",
            rates.len(),
            rates[rates.len() / 2],
            rates[0],
            rates[rates.len() - 1]
        );
    }
    db.close().await?;
    if args.postgres {
        Database::connect(&args.pg_admin_url)
            .await?
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)"))
            .await?;
    }
    Ok(())
}
