//! The real binary: `--help`, `migrate`, and `serve` shutting down cleanly on SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_aansluiting");

#[test]
fn help_explains_database_bind_and_data_dir() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--database-url",
        "DATABASE_URL",
        "--data-dir",
        "postgres://",
        "serve",
        "migrate",
    ] {
        assert!(text.contains(needle), "--help lacks {needle}:\n{text}");
    }
    let out = Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("--bind"));
}

#[test]
fn migrate_creates_the_sqlite_file_in_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["migrate", "--data-dir"])
        .arg(dir.path())
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("pending: 0"));
    assert!(dir.path().join("aansluiting.db").exists());
}

#[test]
fn bad_database_url_is_a_clear_error() {
    let out = Command::new(BIN)
        .args(["migrate", "--database-url", "mysql://x@y/z"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("expected sqlite:// or postgres://"), "{err}");
}

#[test]
fn serve_prints_its_url_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = BufReader::new(stdout).lines().next().unwrap().unwrap();
    assert!(line.contains("http://127.0.0.1:"), "{line}");

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

mod admin {
    //! `aansluiting admin …` and `aansluiting demo` against both databases.
    use super::BIN;
    use std::io::Write;
    use std::process::{Command, Stdio};

    use crate::common::{Kind, TestDb};

    fn run(url: &str, args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
        let mut child = Command::new(BIN)
            .args(args)
            .args(["--database-url", url])
            .env("AANSLUITING_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    async fn accounts_members_and_demo(kind: Kind) {
        let Some(db) = TestDb::new(kind).await else {
            return;
        };
        let url = db.cfg.url.clone();

        let (ok, out, err) = run(
            &url,
            &[
                "admin",
                "create-user",
                "--email",
                "Ann@Example.test",
                "--name",
                "Ann",
            ],
            None,
        );
        assert!(ok, "{err}");
        let password = out
            .lines()
            .find_map(|l| l.strip_prefix("password: "))
            .expect("a generated password is printed")
            .to_string();
        assert!(password.len() >= 12);
        let (ok, _, err) = run(
            &url,
            &[
                "admin",
                "create-user",
                "--email",
                "ann@example.test",
                "--name",
                "Ann",
            ],
            None,
        );
        assert!(!ok && err.contains("already exists"), "{err}");

        let (ok, out, err) = run(
            &url,
            &[
                "admin",
                "create-user",
                "--email",
                "bo@example.test",
                "--name",
                "Bo",
                "--password-stdin",
            ],
            Some("a-scripted-Lantaarn-73\n"),
        );
        assert!(ok, "{err}");
        assert!(
            !out.contains("password:"),
            "a password from stdin is not echoed"
        );
        let (ok, _, err) = run(
            &url,
            &[
                "admin",
                "create-user",
                "--email",
                "cy@example.test",
                "--name",
                "Cy",
                "--password-stdin",
            ],
            Some("short\n"),
        );
        assert!(!ok && err.contains("at least 12"), "{err}");

        let (ok, out, err) = run(&url, &["demo"], None);
        assert!(ok, "{err}");
        assert!(
            out.contains("Demo sign-in: coordinator@demo.aansluiting.test / "),
            "{out}"
        );
        let (ok, out, _) = run(&url, &["demo"], None);
        assert!(
            ok && !out.contains(" / "),
            "the password is shown only once: {out}"
        );

        let study = "Demo-studie Commercie (fictief)";
        let (ok, out, err) = run(
            &url,
            &[
                "admin",
                "add-member",
                "--study",
                study,
                "--email",
                "bo@example.test",
                "--role",
                "interviewer",
            ],
            None,
        );
        assert!(ok, "{err}");
        assert!(out.contains("bo@example.test is now interviewer"), "{out}");
        let (ok, _, err) = run(
            &url,
            &[
                "admin",
                "add-member",
                "--study",
                study,
                "--email",
                "bo@example.test",
                "--role",
                "viewer",
            ],
            None,
        );
        assert!(!ok && err.contains("already a member"), "{err}");
        let (ok, _, err) = run(
            &url,
            &[
                "admin",
                "add-member",
                "--study",
                study,
                "--email",
                "ann@example.test",
                "--role",
                "boss",
            ],
            None,
        );
        assert!(!ok && err.contains("unknown role"), "{err}");
        let (ok, _, err) = run(
            &url,
            &[
                "admin",
                "add-member",
                "--study",
                "Bestaat niet",
                "--email",
                "ann@example.test",
                "--role",
                "viewer",
            ],
            None,
        );
        assert!(!ok && err.contains("no study"), "{err}");

        let (ok, out, err) = run(
            &url,
            &[
                "admin",
                "set-password",
                "--email",
                "ann@example.test",
                "--password-stdin",
            ],
            Some("another-long-password\n"),
        );
        assert!(ok, "{err}");
        assert!(out.contains("sessions were ended"));
        db.cleanup().await;
    }

    #[tokio::test]
    async fn sqlite() {
        accounts_members_and_demo(Kind::Sqlite).await
    }

    #[tokio::test]
    async fn postgres() {
        accounts_members_and_demo(Kind::Postgres).await
    }
}
