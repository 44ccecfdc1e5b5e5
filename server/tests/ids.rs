//! Ids are parsed at the door: an address or argument whose id is not an id is answered 404 or
//! 400 on every route and server function, on SQLite and PostgreSQL alike (PostgreSQL once
//! answered a NUL byte in a path with 503, "the database is not available right now").

mod common;

use axum::body::Body;
use common::{Kind, TestApp};
use http::{Request, StatusCode};

const NOT_IDS: [&str; 4] = [
    "%00",
    "not-an-id",
    "00000000-0000-0000-0000-00000000000%00",
    "%20",
];

async fn every_route_answers_a_malformed_id_with_404(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    let mut failures = Vec::new();
    for spec in server::api::v1::route_specs() {
        if !spec.path.contains('{') {
            continue;
        }
        for bad in NOT_IDS {
            let path = spec
                .path
                .split('/')
                .map(|seg| match seg {
                    "{key}" => "job_titles",
                    s if s.starts_with('{') => bad,
                    s => s,
                })
                .collect::<Vec<_>>()
                .join("/");
            let uri = format!("{}{path}", server::api::v1::PREFIX);
            let req = Request::builder()
                .method(spec.method.clone())
                .uri(&uri)
                .header("content-type", "application/json")
                .body(Body::from("{}"))
                .expect("request");
            let res = app.send(req).await;
            let status = res.status();
            let body = common::body_text(res).await;
            if status != StatusCode::NOT_FOUND || !body.contains("\"not_found\"") {
                failures.push(format!("{} {uri}: {status} {body}", spec.method));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    app.cleanup().await;
}

async fn server_functions_answer_a_malformed_id_with_400(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    for (path, arg) in [
        ("/sfn/interviews/get", "interview_id"),
        ("/sfn/interviews/list", "study_id"),
        ("/sfn/studies/get", "study_id"),
        ("/sfn/codebooks/get", "id"),
    ] {
        let (status, err) = app.call_fn(path, &[(arg, "\0")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {err}");
        assert_eq!(err["code"], "malformed", "{path}: {err}");
    }
    let (status, err) = app
        .call_fn_json(
            "/sfn/interviews/save",
            serde_json::json!({"interview_id": "\u{0}", "ops": []}),
        )
        .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("malformed"))
    );
    app.cleanup().await;
}

on_both_databases!(
    every_route_answers_a_malformed_id_with_404,
    server_functions_answer_a_malformed_id_with_400
);
