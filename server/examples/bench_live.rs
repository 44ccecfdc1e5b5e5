//! Benchmark of the live views (issue #11's targets):
//!
//! 1. the engine: a full recompute of a study with 100 interviews × all items of the built-in
//!    codebook plus 500 workshop respondents (target ≤ 50 ms), and one incremental answer change
//!    (target ≤ 10 µs);
//! 2. delivery: the server runs as its own process (this program started again with `--serve`),
//!    `--clients` live streams (SSE) are open on it while `--writers` clients PUT answers; for
//!    every write and every stream, the time from sending the write to the stream receiving its
//!    event (target p95 ≤ 250 ms, p99 ≤ 1 s, nothing lost), and the server's resident memory
//!    with those streams open (target ≤ 200 MB).
//!
//!     cargo run --release -p server --example bench_live -- --rounds 3
//!     cargo run --release -p server --example bench_live -- --postgres
//!     cargo run --release -p server --example bench_live -- --clients 100 --rate 400

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;

use app::domain::rating::Rating;
use app::domain::tally::{Filter, Respondent, Source, Tally};
use app::domain::verdict::{Thresholds, evaluate};

#[path = "../tests/common/scene.rs"]
mod scene;
mod support;

use support::{ScratchDb, ServerProcess, connect, db_cfg, median, serve, serve_cfg};

#[derive(Parser)]
struct Args {
    /// Live streams open during the delivery rounds.
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    /// Clients writing answers, each on its own connection and its own interview.
    #[arg(long, default_value_t = 16)]
    writers: usize,
    /// Answer writes per second, all writers together. Every write reaches every stream, so
    /// the server sends `rate × clients` events a second.
    #[arg(long, default_value_t = 80)]
    rate: u64,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    #[arg(long)]
    postgres: bool,
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
    pg_admin_url: String,
    /// Internal: run only the server on this database and print its address.
    #[arg(long, hide = true)]
    serve: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let runtime = tokio::runtime::Runtime::new()?;
    match &args.serve {
        Some(url) => runtime.block_on(serve(url)),
        None => {
            engine();
            runtime.block_on(delivery(&args))
        }
    }
}

/// A small deterministic generator: the same data every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn rating(&mut self) -> Rating {
        // Mostly recognised, as in practice.
        match self.next() % 10 {
            0..=5 => Rating::Recognised,
            6 | 7 => Rating::Partly,
            8 => Rating::NotRecognised,
            _ => Rating::NotDiscussed,
        }
    }
}

const ITEMS: usize = 193;
const INTERVIEWS: usize = 100;
const WORKSHOP_RESPONDENTS: usize = 500;
/// A workshop rates the items of one role: about a fifth of the bcp.
const WORKSHOP_ITEMS: usize = 40;

fn engine() {
    let mut g = Lcg(7);
    let items: Vec<String> = (0..ITEMS).map(|i| format!("item-{i}")).collect();
    let mut respondents = Vec::new();
    let mut answers: Vec<(String, String, Rating)> = Vec::new();
    for r in 0..INTERVIEWS + WORKSHOP_RESPONDENTS {
        let workshop = r >= INTERVIEWS;
        let id = format!("r{r}");
        respondents.push(Respondent {
            id: id.clone(),
            source: if workshop {
                Source::Workshop
            } else {
                Source::Interview
            },
            sbi_section: Some(["G", "C", "N", "M"][r % 4].into()),
            collected_by: None,
            date: Some("2026-11-20".into()),
        });
        let rated = if workshop {
            let start = (r % 5) * WORKSHOP_ITEMS;
            &items[start..(start + WORKSHOP_ITEMS).min(ITEMS)]
        } else {
            &items[..]
        };
        for item in rated {
            answers.push((id.clone(), item.clone(), g.rating()));
        }
    }
    let thresholds = Thresholds::default();
    let recompute = || {
        let tally = Tally::build(
            Filter::default(),
            respondents.iter().cloned(),
            answers.iter().map(|(r, i, x)| (r.as_str(), i.as_str(), *x)),
        );
        items
            .iter()
            .map(|i| evaluate(&tally.counts(i), &thresholds))
            .filter(|s| s.stable)
            .count()
    };
    let mut times = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        std::hint::black_box(recompute());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "engine: full recompute of {} answers ({INTERVIEWS} interviews × {ITEMS} items + {WORKSHOP_RESPONDENTS} workshop respondents × {WORKSHOP_ITEMS} items) and {ITEMS} verdicts: median {:.2} ms of {} runs (target ≤ 50 ms)",
        answers.len(),
        median(times.clone()),
        times.len()
    );

    let mut tally = Tally::build(
        Filter::default(),
        respondents.iter().cloned(),
        answers.iter().map(|(r, i, x)| (r.as_str(), i.as_str(), *x)),
    );
    let changes: Vec<(usize, usize, Rating)> = (0..200_000)
        .map(|_| {
            (
                g.next() as usize % INTERVIEWS,
                g.next() as usize % ITEMS,
                g.rating(),
            )
        })
        .collect();
    let ids: Vec<String> = (0..INTERVIEWS).map(|r| format!("r{r}")).collect();
    let mut per_change = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        for (r, i, x) in &changes {
            std::hint::black_box(tally.set(&ids[*r], &items[*i], Some(*x)));
        }
        per_change.push(t.elapsed().as_secs_f64() * 1e9 / changes.len() as f64);
    }
    println!(
        "engine: incremental answer change: median {:.0} ns of 5 runs × {} changes (target ≤ 10,000 ns)",
        median(per_change),
        changes.len()
    );
}

/// A coordinator's token, a study, one interview per writer and the items.
struct World {
    token: String,
    study: String,
    interviews: Vec<String>,
    items: Vec<String>,
}

async fn world(url: &str, writers: usize) -> Result<World, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let state = server::startup::prepare(&db_cfg(url), &serve_cfg(dir.path())).await?;
    let db = state.db.clone();
    let s = scene::scene(&db, "bench@example.test", writers).await?;
    db.close().await?;
    Ok(World {
        token: s.token,
        study: s.study.to_string(),
        interviews: s.interviews.iter().map(ToString::to_string).collect(),
        items: s.items,
    })
}

/// When each write was sent, by its number (nanoseconds since `epoch`), and every stream's
/// delivery delays.
struct Clock {
    epoch: Instant,
    sent: Vec<AtomicU64>,
    /// Set when the measurement is over: streams cut by the server's exit are not failures.
    over: std::sync::atomic::AtomicBool,
}

impl Clock {
    fn since(&self) -> u64 {
        self.epoch.elapsed().as_nanos() as u64
    }
}

/// What one stream saw: delays (µs) of the writes it received, by round; resyncs.
#[derive(Default)]
struct Seen {
    delays: HashMap<usize, Vec<u32>>,
    resyncs: usize,
}

/// One live stream, read until the connection closes; the writes are recognised by the note
/// each carries (`bench-<round>-<n>`).
async fn stream(
    addr: std::net::SocketAddr,
    token: String,
    study: String,
    clock: Arc<Clock>,
    seen: Arc<std::sync::Mutex<Seen>>,
    ready: tokio::sync::mpsc::Sender<()>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut announced = false;
    let path = format!("/api/v1/studies/{study}/live");
    support::read_stream(addr, &path, &token, |block| {
        let now = clock.since();
        let mut seen = seen.lock().map_err(|_| "poisoned")?;
        if block.contains("event: resync") || block.contains("event:resync") {
            if announced {
                seen.resyncs += 1;
            } else {
                announced = true;
                ready.try_send(()).ok();
            }
            return Ok(());
        }
        if let Some((round, n)) = note_of(block) {
            let sent = clock
                .sent
                .get(n)
                .map(|s| s.load(Ordering::Relaxed))
                .unwrap_or(0);
            let delay = now.saturating_sub(sent) / 1000;
            seen.delays
                .entry(round)
                .or_default()
                .push(u32::try_from(delay).unwrap_or(u32::MAX));
        }
        Ok(())
    })
    .await
}

fn note_of(block: &str) -> Option<(usize, usize)> {
    let at = block.find("\"note\":\"bench-")? + "\"note\":\"bench-".len();
    let rest = &block[at..];
    let end = rest.find('"')?;
    let (round, n) = rest[..end].split_once('-')?;
    Some((round.parse().ok()?, n.parse().ok()?))
}

async fn delivery(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let scratch = ScratchDb::new(args.postgres, &args.pg_admin_url).await?;
    let url = scratch.url.clone();
    let world = world(&url, args.writers).await?;
    let server = ServerProcess::start(&url)?;
    let (rss_idle, _) = server.memory();

    let per_round = (args.rate * args.seconds) as usize;
    let clock = Arc::new(Clock {
        epoch: Instant::now(),
        sent: (0..per_round * args.rounds + args.rounds)
            .map(|_| AtomicU64::new(0))
            .collect(),
        over: std::sync::atomic::AtomicBool::new(false),
    });
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel(args.clients);
    let mut seen = Vec::new();
    let opened = Instant::now();
    for _ in 0..args.clients {
        let s = Arc::new(std::sync::Mutex::new(Seen::default()));
        seen.push(s.clone());
        let (token, study, clock, ready) = (
            world.token.clone(),
            world.study.clone(),
            clock.clone(),
            ready_tx.clone(),
        );
        let addr = server.addr;
        tokio::spawn(async move {
            let result = stream(addr, token, study, clock.clone(), s, ready).await;
            if let Err(e) = result
                && !clock.over.load(Ordering::Relaxed)
            {
                eprintln!("a live stream failed: {e}");
            }
        });
    }
    for _ in 0..args.clients {
        ready_rx.recv().await;
    }
    let (rss_open, _) = server.memory();
    println!(
        "delivery: {} live streams open in {:.1} s; server RSS {rss_idle:.0} MB before, {rss_open:.0} MB with them open",
        args.clients,
        opened.elapsed().as_secs_f64()
    );

    let backend = if args.postgres { "postgres" } else { "sqlite" };
    let mut results = Vec::new();
    let mut next = 0usize;
    for round in 0..args.rounds {
        let first = next;
        let written = write_round(args, &world, server.addr, &clock, round, &mut next).await?;
        // Let the last events arrive.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let mut delays: Vec<u32> = Vec::new();
        let (mut lost, mut resyncs) = (0usize, 0usize);
        for s in &seen {
            let mut s = s.lock().map_err(|_| "poisoned")?;
            let got = s.delays.remove(&round).unwrap_or_default();
            lost += written.saturating_sub(got.len());
            resyncs += std::mem::take(&mut s.resyncs);
            delays.extend(got);
        }
        delays.sort_unstable();
        let pct = |p: f64| {
            delays
                .get(((delays.len() as f64 - 1.0) * p) as usize)
                .map(|d| *d as f64 / 1000.0)
                .unwrap_or(f64::NAN)
        };
        let (rss, peak) = server.memory();
        println!(
            "{backend} round {}: {written} writes (#{first}..) × {} streams = {} deliveries; write-to-stream p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; lost {lost}, resyncs {resyncs}; server RSS {rss:.0} MB (peak {peak:.0} MB)",
            round + 1,
            args.clients,
            delays.len(),
            pct(0.5),
            pct(0.95),
            pct(0.99),
            pct(1.0)
        );
        results.push((pct(0.5), pct(0.95), pct(0.99), lost, rss));
    }
    let col = |f: fn(&(f64, f64, f64, usize, f64)) -> f64| median(results.iter().map(f).collect());
    println!(
        "{backend}: median of {} rounds: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms (targets p95 ≤ 250, p99 ≤ 1000); lost {} in all; server RSS {:.0} MB (target ≤ 200)",
        results.len(),
        col(|r| r.0),
        col(|r| r.1),
        col(|r| r.2),
        results.iter().map(|r| r.3).sum::<usize>(),
        col(|r| r.4)
    );
    clock.over.store(true, Ordering::Relaxed);
    drop(server);
    scratch.drop().await?;
    Ok(())
}

/// `rate × seconds` writes spread over the writers, paced evenly; how many were acknowledged.
async fn write_round(
    args: &Args,
    world: &World,
    addr: std::net::SocketAddr,
    clock: &Arc<Clock>,
    round: usize,
    next: &mut usize,
) -> Result<usize, Box<dyn std::error::Error>> {
    let per_writer = (args.rate * args.seconds) as usize / args.writers;
    let gap = Duration::from_secs_f64(args.writers as f64 / args.rate as f64);
    let acknowledged = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for w in 0..args.writers {
        let mut sender = connect(addr).await?;
        let (token, interview, items) = (
            world.token.clone(),
            world.interviews[w].clone(),
            world.items.clone(),
        );
        let (clock, acknowledged) = (clock.clone(), acknowledged.clone());
        let base = *next + w * per_writer;
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(gap);
            for i in 0..per_writer {
                tick.tick().await;
                let n = base + i;
                let item = &items[i % items.len()];
                let rating = ["recognised", "partly", "not_recognised"][i % 3];
                let body = format!(
                    r#"{{"rating":"{rating}","op_id":"{}","note":"bench-{round}-{n}"}}"#,
                    uuid::Uuid::new_v4()
                );
                let req =
                    hyper::Request::put(format!("/api/v1/interviews/{interview}/answers/{item}"))
                        .header("host", "127.0.0.1")
                        .header("authorization", format!("Bearer {token}"))
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from(body)))
                        .expect("request");
                if let Some(slot) = clock.sent.get(n) {
                    slot.store(clock.since(), Ordering::Relaxed);
                }
                if let Ok(res) = sender.send_request(req).await {
                    let ok = res.status() == 200;
                    let _ = res.into_body().collect().await;
                    if ok {
                        acknowledged.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    *next += per_writer * args.writers;
    Ok(acknowledged.load(Ordering::Relaxed) as usize)
}
