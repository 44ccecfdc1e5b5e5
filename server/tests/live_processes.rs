//! Two real `aansluiting serve` processes on one PostgreSQL database: a write through one
//! reaches a live stream on the other within a second, and a process with live streams open
//! still stops on SIGTERM within its grace period.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Kind, TestDb};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;

const BIN: &str = env!("CARGO_BIN_EXE_aansluiting");

struct Process {
    child: Child,
    addr: std::net::SocketAddr,
}

impl Process {
    fn start(url: &str) -> Process {
        let mut child = Command::new(BIN)
            .args(["serve", "--bind", "127.0.0.1:0", "--shutdown-grace", "2"])
            .args(["--database-url", url])
            .env("AANSLUITING_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let line = BufReader::new(child.stdout.take().unwrap())
            .lines()
            .next()
            .unwrap()
            .unwrap();
        let addr = line
            .rsplit("http://")
            .next()
            .and_then(|a| a.trim().parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Process { child, addr }
    }

    fn terminate(&mut self) -> Duration {
        let started = Instant::now();
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status}");
                return started.elapsed();
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "the server did not stop"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn request(
    addr: std::net::SocketAddr,
    req: hyper::Request<Full<Bytes>>,
) -> hyper::Response<hyper::body::Incoming> {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(conn);
    sender.send_request(req).await.unwrap()
}

/// Reads the stream until an event mentions `needle`.
async fn until(body: &mut hyper::body::Incoming, needle: &str, within: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    let mut seen = String::new();
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, body.frame()).await {
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
            if seen.contains(needle) {
                return true;
            }
        }
    }
    false
}

#[tokio::test]
async fn postgres_two_processes_share_live_changes() {
    let Some(test_db) = TestDb::new(Kind::Postgres).await else {
        return;
    };
    let url = test_db.cfg.url.clone();
    let a = Process::start(&url);
    let mut b = Process::start(&url);

    let db = test_db.connect().await;
    let scene = common::scene::scene(&db, "p@example.test", 1)
        .await
        .unwrap();
    let (token, study, interview, items) =
        (scene.token, scene.study, scene.interviews[0], scene.items);

    let live = hyper::Request::get(format!("/api/v1/studies/{study}/live"))
        .header("host", "127.0.0.1")
        .header("authorization", format!("Bearer {token}"))
        .body(Full::new(Bytes::new()))
        .unwrap();
    let res = request(b.addr, live).await;
    assert_eq!(res.status(), 200);
    let mut stream = res.into_body();
    assert!(until(&mut stream, "event: resync", Duration::from_secs(5)).await);

    for item in &items[..3] {
        let put = hyper::Request::put(format!("/api/v1/interviews/{interview}/answers/{item}"))
            .header("host", "127.0.0.1")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(format!(
                r#"{{"rating":"partly","op_id":"{}"}}"#,
                uuid::Uuid::new_v4()
            ))))
            .unwrap();
        let written = Instant::now();
        let res = request(a.addr, put).await;
        assert_eq!(res.status(), 200);
        let _ = res.into_body().collect().await;
        assert!(
            until(&mut stream, item, Duration::from_secs(1)).await,
            "the write through process A did not reach process B's stream within 1 s"
        );
        assert!(written.elapsed() < Duration::from_secs(1));
    }

    // With the stream still open, SIGTERM ends B within its grace period (2 s) and a bit.
    let took = b.terminate();
    assert!(took < Duration::from_secs(5), "stopping took {took:?}");
    drop(stream);
    db.close().await.ok();
    drop(a);
    test_db.cleanup().await;
}
