//! The check that holds every test's responses to the OpenAPI document (common::contract) can
//! fail: a body of the wrong shape, an undocumented status and an undocumented Content-Type
//! are each refused, and a real response passes.

mod common;

use common::contract::{self, matches};
use common::{Kind, TestApp};
use http::{Method, StatusCode};
use serde_json::json;

#[test]
fn concrete_paths_find_their_templates() {
    assert_eq!(
        matches("/api/v1/interviews/{id}", "/api/v1/interviews/abc"),
        Some(4)
    );
    assert_eq!(
        matches("/api/v1/interviews/{id}", "/api/v1/interviews/"),
        None
    );
    assert_eq!(
        matches("/api/v1/interviews/{id}", "/api/v1/interviews/a/b"),
        None
    );
    assert_eq!(
        matches(
            "/api/v1/interviews/{id}/answers:batch",
            "/api/v1/interviews/x/answers:batch"
        ),
        Some(5)
    );
    assert_eq!(matches("/api/v1/session", "/api/v1/sessions"), None);
}

#[tokio::test]
async fn mismatches_are_refused_and_real_responses_pass() {
    let Some(app) = TestApp::new(Kind::Sqlite).await else {
        return;
    };
    let c = contract::get(&app.router).await;
    let json = Some("application/json");
    let id = "9b2f3c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

    let study = c
        .operation(&Method::GET, &format!("/api/v1/studies/{id}"))
        .expect("documented");
    assert_eq!(study.template, "/api/v1/studies/{id}");
    let good = json!({
        "id": id, "name": "n", "codebook_id": id, "codebook_name": "c",
        "codebook_version": 1, "created_at": "2026-01-02T03:04:05+00:00", "my_role": "viewer"
    });
    let body = |v: &serde_json::Value| v.to_string().into_bytes();
    c.check(&study, StatusCode::OK, json, &body(&good))
        .expect("a valid study");

    let mut wrong = good.clone();
    wrong["my_role"] = json!("owner");
    let e = c
        .check(&study, StatusCode::OK, json, &body(&wrong))
        .expect_err("an unknown role");
    assert!(e.contains("my_role"), "{e}");
    let mut not_a_time = good.clone();
    not_a_time["created_at"] = json!("yesterday");
    c.check(&study, StatusCode::OK, json, &body(&not_a_time))
        .expect_err("a time that is not RFC 3339 (formats are checked)");
    let e = c
        .check(&study, StatusCode::IM_A_TEAPOT, json, b"{}")
        .expect_err("an undocumented status");
    assert!(e.contains("not documented"), "{e}");
    c.check(&study, StatusCode::OK, Some("text/html"), &body(&good))
        .expect_err("an undocumented Content-Type");
    c.check(
        &study,
        StatusCode::NOT_FOUND,
        json,
        &body(&json!({"error": {"code": "not_found", "message": "m"}})),
    )
    .expect("the error envelope");
    c.check(
        &study,
        StatusCode::NOT_FOUND,
        json,
        &body(&json!({"error": {"code": "nope", "message": "m"}})),
    )
    .expect_err("an unknown error code");

    let removed = c
        .operation(&Method::DELETE, &format!("/api/v1/sessions/{id}"))
        .expect("documented");
    c.check(&removed, StatusCode::NO_CONTENT, None, b"")
        .expect("204 without a body");
    c.check(&removed, StatusCode::NO_CONTENT, json, b"{}")
        .expect_err("a body where none is documented");

    assert!(
        c.operation(&Method::GET, "/api/v1/no-such-route").is_none(),
        "an unknown route is no operation of the document"
    );
    // Through the harness, a real response is checked and passes.
    let (status, _) = app.get_json("/api/v1/studies").await;
    assert_eq!(status, StatusCode::OK);
    app.cleanup().await;
}
