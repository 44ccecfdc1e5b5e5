//! Test harness: the real router on a real database — a throwaway SQLite file, or a fresh
//! database on the PostgreSQL server at 127.0.0.1:5432 (AANSLUITING_TEST_PG overrides).
#![allow(dead_code)]

pub mod browser;
pub mod contract;
pub mod scene;
pub mod sse;

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database};
use server::config::{DbConfig, ServeConfig, SqliteSync};
use server::db::Db;
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

pub struct TestDb {
    pub cfg: DbConfig,
    _dir: tempfile::TempDir,
    pg_name: Option<String>,
}

fn pg_admin_url() -> String {
    std::env::var("AANSLUITING_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn with_database(url: &str, name: &str) -> String {
    let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(url);
    format!("{base}/{name}")
}

impl TestDb {
    /// `None` only when PostgreSQL is wanted but not running and we are not in CI.
    pub async fn new(kind: Kind) -> Option<TestDb> {
        let dir = tempfile::tempdir().expect("temp dir");
        match kind {
            Kind::Sqlite => {
                let url = DbConfig::default_sqlite_url(dir.path());
                Some(TestDb {
                    cfg: db_cfg(url),
                    _dir: dir,
                    pg_name: None,
                })
            }
            Kind::Postgres => {
                let admin = match Database::connect(pg_admin_url()).await {
                    Ok(c) => c,
                    Err(e) => {
                        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
                            panic!(
                                "PostgreSQL is required in CI but not reachable at {}: {e}",
                                pg_admin_url()
                            );
                        }
                        eprintln!(
                            "\n!!! SKIPPED: PostgreSQL not reachable at {} ({e}). Start it to run the PostgreSQL half of the suite. !!!\n",
                            pg_admin_url()
                        );
                        return None;
                    }
                };
                let name = format!("aansluiting_t_{}", uuid::Uuid::new_v4().simple());
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                let url = with_database(&pg_admin_url(), &name);
                Some(TestDb {
                    cfg: db_cfg(url),
                    _dir: dir,
                    pg_name: Some(name),
                })
            }
        }
    }

    /// A stand-in for a second handle on a database another `TestDb` owns (and cleans up).
    pub fn dummy() -> TestDb {
        TestDb {
            cfg: db_cfg(String::new()),
            _dir: tempfile::tempdir().expect("temp dir"),
            pg_name: None,
        }
    }

    /// A new handle (its own pool, writer turn and caches) on this database.
    pub async fn connect(&self) -> Db {
        server::db::connect(&self.cfg).await.expect("connect")
    }

    /// Drops the PostgreSQL database; SQLite files go with the temp dir.
    pub async fn cleanup(self) {
        if let Some(name) = &self.pg_name {
            if let Ok(admin) = Database::connect(pg_admin_url()).await {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            }
        }
    }
}

fn db_cfg(url: String) -> DbConfig {
    DbConfig {
        url,
        sqlite_sync: SqliteSync::Full,
        max_connections: 4,
    }
}

pub fn serve_cfg() -> ServeConfig {
    ServeConfig {
        bind: "127.0.0.1:0".parse().expect("addr"),
        site_root: PathBuf::from("target/site-does-not-exist-in-tests"),
        shutdown_grace_secs: 5,
        auth: server::auth::AuthConfig {
            metrics_token: Some(METRICS_TOKEN.into()),
            ..Default::default()
        },
        demo: false,
    }
}

/// A migrated database and the full router on it. Requests without credentials of their own
/// are sent with the bearer token of `tester@example.test` unless the app is anonymous.
pub struct TestApp {
    pub router: Router,
    pub state: server::state::AppState,
    pub db: Db,
    pub test_db: TestDb,
    pub bearer: Option<String>,
}

/// What the test instances' operators present for `/metrics`.
pub const METRICS_TOKEN: &str = "test-metrics-token";

pub const TESTER: &str = "tester@example.test";
pub const PASSWORD: &str = "test-Lantaarn-Kiwi-73";

/// A read-write token's request, confirmed with [`PASSWORD`].
pub fn token_request() -> app::features::account::dto::TokenRequest {
    app::features::account::dto::TokenRequest {
        name: "tests".into(),
        password: PASSWORD.into(),
        scope: app::features::account::dto::TokenScope::ReadWrite,
        expires_in_days: None,
    }
}

impl TestApp {
    pub async fn new(kind: Kind) -> Option<TestApp> {
        let mut app = TestApp::anonymous(kind).await?;
        app.bearer = Some(app.user_with_token(TESTER).await);
        Some(app)
    }

    pub async fn anonymous(kind: Kind) -> Option<TestApp> {
        let test_db = TestDb::new(kind).await?;
        let state = server::startup::prepare(&test_db.cfg, &serve_cfg())
            .await
            .expect("prepare");
        let db = state.db.clone();
        Some(TestApp {
            router: server::http::router(state.clone()),
            state,
            db,
            test_db,
            bearer: None,
        })
    }

    /// Creates an account (password [`PASSWORD`]) and returns a bearer token for it.
    pub async fn user_with_token(&self, email: &str) -> String {
        server::services::accounts::create_user(&self.db, email, email, PASSWORD)
            .await
            .expect("create user");
        self.token_for(email).await
    }

    /// A new read-write token for an existing account whose password is [`PASSWORD`].
    pub async fn token_for(&self, email: &str) -> String {
        use server::auth::principal::UserCtx;
        let user = server::services::accounts::find_by_email(&self.db, email)
            .await
            .expect("find user")
            .expect("an account");
        let ctx = server::services::Ctx::acting_as(
            self.db.clone(),
            UserCtx::on_behalf(user.id, &user.email, &user.name),
        );
        server::services::accounts::create_token(&ctx, &token_request())
            .await
            .expect("token")
            .token
    }

    pub async fn send(&self, mut req: Request<Body>) -> Response<Body> {
        let has_credentials =
            req.headers().contains_key("authorization") || req.headers().contains_key("cookie");
        if let (Some(token), false) = (&self.bearer, has_credentials) {
            req.headers_mut().insert(
                "authorization",
                format!("Bearer {token}").parse().expect("header"),
            );
        }
        let path = req.uri().to_string();
        let method = req.method().clone();
        let res = tokio::time::timeout(RESPONSE_LIMIT, self.router.clone().oneshot(req))
            .await
            .unwrap_or_else(|_| panic!("{path} did not answer within {RESPONSE_LIMIT:?}"))
            .expect("infallible router");
        self.held_to_contract(&method, &path, res).await
    }

    /// Fails the test when a response of a documented operation is not what the OpenAPI
    /// document says; returns it unchanged otherwise.
    async fn held_to_contract(
        &self,
        method: &http::Method,
        uri: &str,
        res: Response<Body>,
    ) -> Response<Body> {
        // A live stream does not end; its events are checked by the tests that read them.
        if is_event_stream(&res) {
            return res;
        }
        let contract = contract::get(&self.router).await;
        let path = uri.split('?').next().unwrap_or_default();
        let Some(op) = contract.operation(method, path) else {
            return res;
        };
        let (parts, body) = res.into_parts();
        let bytes = tokio::time::timeout(RESPONSE_LIMIT, body.collect())
            .await
            .unwrap_or_else(|_| panic!("{uri}: the body did not finish within {RESPONSE_LIMIT:?}"))
            .expect("body")
            .to_bytes();
        let content_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        if let Err(e) = contract.check(&op, parts.status, content_type, &bytes) {
            panic!(
                "{method} {uri} → {}: the response breaks the OpenAPI document ({} {}): {e}",
                parts.status, op.method, op.template
            );
        }
        Response::from_parts(parts, Body::from(bytes))
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> (StatusCode, String) {
        let mut req = Request::get(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self.send(req.body(Body::empty()).expect("request")).await;
        let status = res.status();
        (status, body_text(res).await)
    }

    pub async fn post_json(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        let req = Request::post(path)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        let res = self.send(req).await;
        let status = res.status();
        let text = body_text(res).await;
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// A Leptos server function call: arguments form-encoded, as the browser sends them.
    pub async fn call_fn(
        &self,
        path: &str,
        args: &[(&str, &str)],
    ) -> (StatusCode, serde_json::Value) {
        let body: String = args
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let req = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.send_json(req).await
    }

    /// A study on the first codebook, made through the API by this app's caller; its id.
    pub async fn new_study(&self, name: &str) -> String {
        let (_, books) = self.get_json("/api/v1/codebooks").await;
        let codebook = books[0]["id"].as_str().expect("a codebook").to_string();
        let (status, study) = self
            .post_json(
                "/api/v1/studies",
                serde_json::json!({"name": name, "codebook_id": codebook}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{study}");
        study["id"].as_str().expect("study id").to_string()
    }

    /// Makes `email` a member of `study` with `role` the way people do: this app's caller (a
    /// coordinator) invites the address, and its owner accepts with `their_token`. Answers the
    /// new member as the member list shows it.
    pub async fn join(
        &self,
        study: &str,
        email: &str,
        role: &str,
        their_token: &str,
    ) -> serde_json::Value {
        let (status, invitation) = self
            .post_json(
                &format!("/api/v1/studies/{study}/members"),
                serde_json::json!({"email": email, "role": role}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{invitation}");
        let id = invitation["id"].as_str().expect("invitation id");
        let req = Request::post(format!("/api/v1/invitations/{id}/accept"))
            .header("authorization", format!("Bearer {their_token}"))
            .body(Body::empty())
            .expect("request");
        let res = self.send(req).await;
        assert_eq!(res.status(), StatusCode::OK, "{}", body_text(res).await);
        let (_, members) = self
            .get_json(&format!("/api/v1/studies/{study}/members"))
            .await;
        members
            .as_array()
            .and_then(|l| l.iter().find(|m| m["email"] == email))
            .cloned()
            .expect("the new member is listed")
    }

    /// A server function that takes JSON (the queues' functions).
    pub async fn call_fn_json(
        &self,
        path: &str,
        args: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        self.post_body(path, "application/json", &args.to_string())
            .await
    }

    pub async fn post_body(
        &self,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> (StatusCode, serde_json::Value) {
        let req = Request::post(path)
            .header("content-type", content_type)
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send_json(req).await
    }

    pub async fn get_json(&self, path: &str) -> (StatusCode, serde_json::Value) {
        self.send_json(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    async fn send_json(&self, req: Request<Body>) -> (StatusCode, serde_json::Value) {
        let res = self.send(req).await;
        let status = res.status();
        let text = body_text(res).await;
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    pub async fn cleanup(self) {
        self.db.close().await.ok();
        self.test_db.cleanup().await;
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The id of the first node of `kind` (`item`, `role`, …) in a codebook tree from the API.
pub fn first_node(tree: &serde_json::Value, kind: &str) -> String {
    tree["nodes"]
        .as_array()
        .expect("a codebook tree")
        .iter()
        .find(|n| n["kind"] == kind)
        .and_then(|n| n["id"].as_str())
        .unwrap_or_else(|| panic!("the tree has no {kind}"))
        .to_string()
}

/// How long a test waits for a whole response. A streamed page that never finishes must fail
/// its test with a message, not hold the suite until CI's own time limit kills it.
pub const RESPONSE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The actions of a study log (`GET …/audit`), newest first.
pub fn actions(log: &serde_json::Value) -> Vec<&str> {
    log.as_array()
        .expect("a log")
        .iter()
        .map(|e| e["action"].as_str().expect("an action"))
        .collect()
}

pub async fn body_text(res: Response<Body>) -> String {
    let collected = tokio::time::timeout(RESPONSE_LIMIT, res.into_body().collect())
        .await
        .unwrap_or_else(|_| panic!("the response body did not finish within {RESPONSE_LIMIT:?}"));
    let bytes = collected.expect("body").to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

pub fn is_event_stream(res: &Response<Body>) -> bool {
    res.headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"))
}

/// Runs each listed async test fn once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test] async fn $name() { super::$name($crate::common::Kind::Sqlite).await } )*
        }
        mod postgres {
            $( #[tokio::test] async fn $name() { super::$name($crate::common::Kind::Postgres).await } )*
        }
    };
}
