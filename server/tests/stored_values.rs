//! A stored value that does not parse is a server fault, never a default: a damaged rating is
//! not read as `not_discussed`, a damaged list not as empty, a damaged role not as "not a
//! member". The API answers 500 with code `internal` and the request's id, and the log line
//! carries the same id. On SQLite and PostgreSQL; the damage is done with raw SQL.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use common::{Kind, TestApp};
use http::{Request, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

/// Everything logged while the test runs (its runtime is single-threaded, so a thread-local
/// subscriber sees the requests' events).
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Log {
    fn lines(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.0.lock().unwrap())
            .lines()
            .map(str::to_string)
            .collect()
    }
}

struct Scene {
    app: TestApp,
    study: String,
    interview: String,
    item: String,
}

async fn scene(kind: Kind) -> Option<Scene> {
    let app = TestApp::new(kind).await?;
    let (_, books) = app.get_json("/api/v1/codebooks").await;
    let codebook = books[0]["id"].as_str().unwrap().to_string();
    let (_, study) = app
        .post_json(
            "/api/v1/studies",
            json!({"name": "Schade", "codebook_id": codebook}),
        )
        .await;
    let study = study["id"].as_str().unwrap().to_string();
    let (status, iv) = app
        .post_json(
            &format!("/api/v1/studies/{study}/interviews"),
            json!({"organisation": "Schade BV", "sbi_section": "G", "mode": "video"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{iv}");
    let interview = iv["id"].as_str().unwrap().to_string();
    let (_, tree) = app.get_json(&format!("/api/v1/codebooks/{codebook}")).await;
    let item = common::first_node(&tree, "item");
    Some(Scene {
        app,
        study,
        interview,
        item,
    })
}

/// The status, the body and the request id of a request.
async fn request(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> Answer {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    let res = app.send(req).await;
    let status = res.status();
    let request_id = res
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_string());
    let text = common::body_text(res).await;
    Answer {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        request_id,
    }
}

#[derive(Debug)]
struct Answer {
    status: StatusCode,
    body: Value,
    request_id: Option<String>,
}

/// A 500 `internal` with a request id that an ERROR line of the log names too.
fn assert_internal(what: &str, answer: &Answer, log: &Log) {
    assert_eq!(
        answer.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{what}: {answer:?}"
    );
    assert_eq!(
        answer.body["error"]["code"], "internal",
        "{what}: {answer:?}"
    );
    let id = answer
        .request_id
        .as_deref()
        .unwrap_or_else(|| panic!("{what}: no x-request-id"));
    assert!(
        log.lines()
            .iter()
            .any(|l| l.contains("ERROR") && l.contains(id)),
        "{what}: no ERROR line names request {id}:\n{}",
        log.lines().join("\n")
    );
}

async fn damage(app: &TestApp, sql: &str) {
    app.db.execute_unprepared(sql).await.unwrap();
    // Behind the server's back, as a hand edit would be: skip the caches' few seconds.
    app.db.auth_cache.forget_all();
}

async fn damaged_stored_values_are_internal_errors(kind: Kind) {
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let Some(Scene {
        app,
        study,
        interview,
        item,
    }) = scene(kind).await
    else {
        return;
    };
    let iv_path = format!("/api/v1/interviews/{interview}");
    let answer_path = format!("{iv_path}/answers/{item}");
    let field_path = format!("{iv_path}/fields/job_titles");
    let put = |op: &str| json!({"rating": "partly", "op_id": op});
    assert_eq!(
        request(&app, "PUT", &answer_path, Some(put("a1")))
            .await
            .status,
        StatusCode::OK
    );
    let field = json!({"value": ["Verkoper"], "op_id": "f1"});
    assert_eq!(
        request(&app, "PUT", &field_path, Some(field)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        request(&app, "GET", &iv_path, None).await.status,
        StatusCode::OK
    );

    // A rating that does not parse: not `not_discussed`, neither when read nor when written over.
    damage(
        &app,
        &format!("UPDATE answers SET rating = 'bogus' WHERE interview_id = '{interview}'"),
    )
    .await;
    assert_internal(
        "read a bad rating",
        &request(&app, "GET", &iv_path, None).await,
        &log,
    );
    let over = request(&app, "PUT", &answer_path, Some(put("a2"))).await;
    assert_internal("write over a bad rating", &over, &log);
    damage(
        &app,
        &format!("UPDATE answers SET rating = 'partly' WHERE interview_id = '{interview}'"),
    )
    .await;
    assert_eq!(
        request(&app, "GET", &iv_path, None).await.status,
        StatusCode::OK
    );

    // A JSON list that does not parse: not an empty list.
    damage(
        &app,
        &format!(
            "UPDATE interview_fields SET value = '{{not json' WHERE interview_id = '{interview}'"
        ),
    )
    .await;
    assert_internal(
        "read a bad list",
        &request(&app, "GET", &iv_path, None).await,
        &log,
    );
    let field = json!({"value": ["Kassier"], "op_id": "f2"});
    let over = request(&app, "PUT", &field_path, Some(field)).await;
    assert_internal("write over a bad list", &over, &log);
    damage(
        &app,
        &format!("UPDATE interview_fields SET value = '[]' WHERE interview_id = '{interview}'"),
    )
    .await;

    // An interview mode that does not parse: not "no mode".
    damage(
        &app,
        &format!("UPDATE interviews SET mode = 'carrier_pigeon' WHERE id = '{interview}'"),
    )
    .await;
    let list = request(
        &app,
        "GET",
        &format!("/api/v1/studies/{study}/interviews"),
        None,
    )
    .await;
    assert_internal("list an interview with a bad mode", &list, &log);
    damage(
        &app,
        &format!("UPDATE interviews SET mode = NULL WHERE id = '{interview}'"),
    )
    .await;

    // A role that does not parse: not "not a member" (a 404 would hide the study).
    damage(
        &app,
        &format!("UPDATE memberships SET role = 'owner' WHERE study_id = '{study}'"),
    )
    .await;
    let study_path = format!("/api/v1/studies/{study}");
    assert_internal(
        "a bad role",
        &request(&app, "GET", &study_path, None).await,
        &log,
    );
    assert_internal(
        "list studies with a bad role",
        &request(&app, "GET", "/api/v1/studies", None).await,
        &log,
    );
    app.cleanup().await;
}

on_both_databases!(damaged_stored_values_are_internal_errors);
