//! Load tool for a workshop (issue #12's target): the server runs as its own process; this tool
//! joins `--participants` simulated phones to one paced workshop (each with its own connection
//! and participant cookie), opens the presenter's live stream, opens an item and lets every
//! phone vote on it within a few seconds. It checks that the results count exactly one vote per
//! phone and that the presenter's stream saw the final count, and prints join latency and
//! vote-to-presenter latency percentiles (targets: all counted, p95 ≤ 250 ms).
//!
//! Vote-to-presenter latency: the presenter's stream reports the round's number of voters with
//! every vote; the k-th acknowledged vote is taken to be the one that made it k, so its latency
//! is from sending it to the stream first reporting at least k voters.
//!
//!     cargo run --release -p server --example load_workshop -- --rounds 3
//!     cargo run --release -p server --example load_workshop -- --postgres

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::{Value, json};

#[path = "../tests/common/scene.rs"]
mod scene;
mod support;

use support::{ScratchDb, Sender, ServerProcess, connect, median, serve};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 500)]
    participants: usize,
    /// Every phone votes once within this many seconds (spread evenly).
    #[arg(long, default_value_t = 3.0)]
    spread: f64,
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

type Error = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let runtime = tokio::runtime::Runtime::new()?;
    match &args.serve {
        Some(url) => runtime.block_on(serve(url)),
        None => runtime.block_on(run(&args)),
    }
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted
        .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(f64::NAN)
}

async fn run(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let backend = if args.postgres { "postgres" } else { "sqlite" };
    let mut summary = Vec::new();
    for round in 1..=args.rounds {
        let scratch = ScratchDb::new(args.postgres, &args.pg_admin_url).await?;
        let token = {
            let dir = tempfile::tempdir()?;
            let state = server::startup::prepare(
                &support::db_cfg(&scratch.url),
                &support::serve_cfg(dir.path()),
            )
            .await?;
            let s = scene::scene(&state.db, "facilitator@example.test", 0).await?;
            state.db.clone().close().await?;
            (s.token, s.study.to_string())
        };
        let server = ServerProcess::start(&scratch.url)?;
        let r = one_round(args, server.addr, &token.0, &token.1)
            .await
            .map_err(|e| e.to_string())?;
        let (rss, peak) = server.memory();
        println!(
            "{backend} round {round}: {} joined in {:.2} s (join p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms); {} votes sent over {:.1} s, results count {}, presenter saw {}; vote-to-presenter p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; server RSS {rss:.0} MB (peak {peak:.0} MB)",
            r.joined,
            r.join_secs,
            pct(&r.join_ms, 0.5),
            pct(&r.join_ms, 0.95),
            pct(&r.join_ms, 0.99),
            r.votes,
            args.spread,
            r.counted,
            r.presenter_saw,
            pct(&r.vote_ms, 0.5),
            pct(&r.vote_ms, 0.95),
            pct(&r.vote_ms, 0.99),
            pct(&r.vote_ms, 1.0),
        );
        if r.counted != args.participants || r.presenter_saw != args.participants {
            return Err(format!(
                "round {round}: {} participants, but the results count {} and the presenter saw {}",
                args.participants, r.counted, r.presenter_saw
            )
            .into());
        }
        summary.push((
            pct(&r.join_ms, 0.95),
            pct(&r.vote_ms, 0.5),
            pct(&r.vote_ms, 0.95),
        ));
        drop(server);
        scratch.drop().await?;
    }
    println!(
        "{backend}: median of {} rounds with {} participants: join p95 {:.1} ms; vote-to-presenter p50 {:.1} ms, p95 {:.1} ms (target ≤ 250 ms); every vote counted",
        summary.len(),
        args.participants,
        median(summary.iter().map(|s| s.0).collect()),
        median(summary.iter().map(|s| s.1).collect()),
        median(summary.iter().map(|s| s.2).collect()),
    );
    Ok(())
}

struct Round {
    joined: usize,
    join_secs: f64,
    join_ms: Vec<f64>,
    votes: usize,
    counted: usize,
    presenter_saw: usize,
    vote_ms: Vec<f64>,
}

async fn request(
    sender: &mut Sender,
    method: &str,
    path: &str,
    auth: Auth<'_>,
    body: Option<Value>,
) -> Result<(u16, Value), Error> {
    let mut req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1")
        .header("origin", "http://127.0.0.1")
        .header("content-type", "application/json");
    req = match auth {
        Auth::Bearer(t) => req.header("authorization", format!("Bearer {t}")),
        Auth::Participant(t) => req.header("cookie", format!("aansluiting_participant={t}")),
        Auth::None => req,
    };
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let res = sender
        .send_request(req.body(Full::new(Bytes::from(body)))?)
        .await?;
    let status = res.status().as_u16();
    let bytes = res.into_body().collect().await?.to_bytes();
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

#[derive(Clone, Copy)]
enum Auth<'a> {
    Bearer(&'a str),
    Participant(&'a str),
    None,
}

async fn one_round(
    args: &Args,
    addr: std::net::SocketAddr,
    token: &str,
    study: &str,
) -> Result<Round, Error> {
    let mut admin = connect(addr).await.map_err(|e| e.to_string())?;
    let (_, tree) = request(
        &mut admin,
        "GET",
        "/api/v1/codebooks",
        Auth::Bearer(token),
        None,
    )
    .await?;
    let codebook = tree[0]["id"].as_str().ok_or("no codebook")?.to_string();
    let (_, tree) = request(
        &mut admin,
        "GET",
        &format!("/api/v1/codebooks/{codebook}"),
        Auth::Bearer(token),
        None,
    )
    .await?;
    let role = tree["nodes"]
        .as_array()
        .and_then(|n| n.iter().find(|n| n["kind"] == "role"))
        .and_then(|n| n["id"].as_str())
        .ok_or("no role")?
        .to_string();
    let (status, made) = request(
        &mut admin,
        "POST",
        &format!("/api/v1/studies/{study}/workshops"),
        Auth::Bearer(token),
        Some(json!({"title": "Belasting", "role_ids": [role], "mode": "paced", "participant_cap": args.participants})),
    )
    .await?;
    if status != 201 {
        return Err(format!("creating the workshop: {status} {made}").into());
    }
    let workshop = made["id"].as_str().ok_or("no id")?.to_string();
    let code = made["code"].as_str().ok_or("no code")?.to_string();

    // Join: every phone at once, each on its own connection.
    let started = Instant::now();
    let mut joins = Vec::new();
    for n in 0..args.participants {
        let code = code.clone();
        joins.push(tokio::spawn(async move {
            let mut phone = connect(addr).await.map_err(|e| e.to_string())?;
            let t = Instant::now();
            let (status, body) = request(
                &mut phone,
                "POST",
                "/api/v1/join",
                Auth::None,
                Some(json!({"code": code, "display_name": format!("Deelnemer {n}")})),
            )
            .await?;
            if status != 200 {
                return Err(Error::from(format!("join: {status} {body}")));
            }
            let secret = body["participant_token"]
                .as_str()
                .ok_or("no participant token")?
                .to_string();
            Ok::<_, Error>((phone, secret, t.elapsed().as_secs_f64() * 1e3))
        }));
    }
    let mut phones = Vec::new();
    let mut join_ms = Vec::new();
    for j in joins {
        let (phone, secret, ms) = j.await??;
        phones.push((phone, secret));
        join_ms.push(ms);
    }
    let join_secs = started.elapsed().as_secs_f64();
    join_ms.sort_by(f64::total_cmp);

    let (seen_tx, mut seen_rx) = tokio::sync::mpsc::unbounded_channel::<(usize, Instant)>();
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let presenter = tokio::spawn(presenter(
        addr,
        token.to_string(),
        workshop.clone(),
        seen_tx,
        ready_tx,
    ));
    ready_rx
        .await
        .map_err(|_| "the presenter's stream did not start")?;
    let item = tree["nodes"]
        .as_array()
        .and_then(|nodes| {
            let mut inside = vec![role.as_str()];
            nodes.iter().find_map(|n| {
                let parent = n["parent_id"].as_str().unwrap_or_default();
                if inside.contains(&parent) {
                    let id = n["id"].as_str()?;
                    if n["kind"] == "item" {
                        return Some(id.to_string());
                    }
                    inside.push(id);
                }
                None
            })
        })
        .ok_or("the role has no item")?;
    let (status, body) = request(
        &mut admin,
        "POST",
        &format!("/api/v1/workshops/{workshop}/control"),
        Auth::Bearer(token),
        Some(json!({"action": "open_item", "item_id": item})),
    )
    .await?;
    if status != 200 {
        return Err(format!("open item: {status} {body}").into());
    }

    // Vote: spread evenly over `spread` seconds.
    let gap = Duration::from_secs_f64(args.spread / args.participants as f64);
    let epoch = Instant::now();
    let acks = Arc::new(std::sync::Mutex::new(Vec::<(Instant, Instant)>::new()));
    let mut votes = Vec::new();
    for (n, (mut phone, secret)) in phones.into_iter().enumerate() {
        let (item, workshop, acks) = (item.clone(), workshop.clone(), acks.clone());
        let at = epoch + gap * n as u32;
        votes.push(tokio::spawn(async move {
            tokio::time::sleep_until(at.into()).await;
            let rating = ["recognised", "partly", "not_recognised", "recognised"][n % 4];
            let sent = Instant::now();
            let (status, body) = request(
                &mut phone,
                "POST",
                &format!("/api/v1/workshops/{workshop}/votes"),
                Auth::Participant(&secret),
                Some(json!({"item_id": item, "rating": rating, "op_id": uuid::Uuid::new_v4().to_string()})),
            )
            .await?;
            if status != 200 {
                return Err(Error::from(format!("vote: {status} {body}")));
            }
            acks.lock().map_err(|_| "poisoned")?.push((Instant::now(), sent));
            Ok(())
        }));
    }
    for v in votes {
        v.await??;
    }
    // The presenter's view of the count, as it grew.
    let mut first_seen: Vec<Option<Instant>> = vec![None; args.participants + 1];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut presenter_saw = 0;
    while presenter_saw < args.participants {
        match tokio::time::timeout_at(deadline, seen_rx.recv()).await {
            Ok(Some((voters, at))) => {
                presenter_saw = presenter_saw.max(voters);
                for slot in first_seen
                    .iter_mut()
                    .take(voters.min(args.participants) + 1)
                {
                    slot.get_or_insert(at);
                }
            }
            _ => break,
        }
    }
    presenter.abort();
    let mut acks = acks.lock().map_err(|_| "poisoned")?.clone();
    acks.sort_by_key(|(acked, _)| *acked);
    let mut vote_ms: Vec<f64> = acks
        .iter()
        .enumerate()
        .filter_map(|(k, (_, sent))| {
            first_seen
                .get(k + 1)
                .copied()
                .flatten()
                .map(|seen| seen.saturating_duration_since(*sent).as_secs_f64() * 1e3)
        })
        .collect();
    vote_ms.sort_by(f64::total_cmp);
    let (_, results) = request(
        &mut admin,
        "GET",
        &format!("/api/v1/workshops/{workshop}/results"),
        Auth::Bearer(token),
        None,
    )
    .await?;
    let counted = results["results"]
        .as_array()
        .and_then(|r| {
            r.iter()
                .find(|r| r["item_id"] == item.as_str() && r["round"] == 1)
        })
        .and_then(|r| r["voters"].as_u64())
        .unwrap_or(0) as usize;
    Ok(Round {
        joined: join_ms.len(),
        join_secs,
        join_ms,
        votes: acks.len(),
        counted,
        presenter_saw,
        vote_ms,
    })
}

/// The presenter's live stream: reports the voters of every `tally` event and when it came.
async fn presenter(
    addr: std::net::SocketAddr,
    token: String,
    workshop: String,
    seen: tokio::sync::mpsc::UnboundedSender<(usize, Instant)>,
    ready: tokio::sync::oneshot::Sender<()>,
) -> Result<(), Error> {
    let mut ready = Some(ready);
    let path = format!("/api/v1/workshops/{workshop}/live");
    support::read_stream(addr, &path, &token, |block| {
        let now = Instant::now();
        if let Some(r) = ready.take() {
            let _ = r.send(());
        }
        let Some(data) = block.lines().find_map(|l| l.strip_prefix("data:")) else {
            return Ok(());
        };
        let event: Value = serde_json::from_str(data.trim()).unwrap_or(Value::Null);
        if event["type"] == "tally"
            && let Some(voters) = event["result"]["voters"].as_u64()
        {
            let _ = seen.send((voters as usize, now));
        }
        Ok(())
    })
    .await
}
