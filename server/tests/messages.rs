//! What a user is told, on SQLite and PostgreSQL: refusals carry the machine reason and field the
//! UI words them from; cut-off codebook files are reported where they stop; an unknown address
//! is an ordinary page with status 404; the study log names people and interviews started.

mod common;

use axum::body::Body;
use common::{Kind, TESTER, TestApp};
use http::{Request, StatusCode};
use serde_json::{Value, json};

macro_rules! app_or_skip {
    ($kind:expr) => {
        match TestApp::new($kind).await {
            Some(app) => app,
            None => return,
        }
    };
}

async fn new_study(app: &TestApp) -> String {
    let (_, list) = app.get_json("/api/v1/codebooks").await;
    let codebook = list[0]["id"].as_str().unwrap();
    let (status, study) = app
        .post_json(
            "/api/v1/studies",
            json!({"name": "Berichten", "codebook_id": codebook}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{study}");
    study["id"].as_str().unwrap().to_string()
}

async fn refusals_name_their_rule_and_field(kind: Kind) {
    let app = app_or_skip!(kind);
    let id = new_study(&app).await;
    let members = format!("/api/v1/studies/{id}/members");

    let (status, err) = app
        .post_json(
            &members,
            json!({"email": "ghost@example.test", "role": "viewer"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "an address is invited, account or not: {err}"
    );
    let (status, err) = app
        .post_json(
            &members,
            json!({"email": "Ghost@Example.test", "role": "interviewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "conflict");
    assert_eq!(err["error"]["reason"], "already_invited");
    assert_eq!(err["error"]["field"], "email");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("invited"), "{message}");

    let jan = app.user_with_token("jan@example.test").await;
    app.join(&id, "jan@example.test", "viewer", &jan).await;
    let (status, err) = app
        .post_json(
            &members,
            json!({"email": "jan@example.test", "role": "viewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["reason"], "already_member");
    assert_eq!(err["error"]["field"], "email");

    // The same through the server function the study page calls.
    let (status, err) = app
        .call_fn(
            "/sfn/studies/add_member",
            &[
                ("study_id", &id),
                ("email", "jan@example.test"),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["code"], "conflict");
    assert_eq!(err["reason"], "already_member");

    let me = server::services::accounts::find_by_email(&app.db, TESTER)
        .await
        .unwrap()
        .unwrap()
        .id;
    let res = app
        .send(
            Request::put(format!("/api/v1/studies/{id}/members/{me}"))
                .header("content-type", "application/json")
                .body(Body::from(r#"{"role":"viewer"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let err: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    assert_eq!(err["error"]["reason"], "last_coordinator");
    assert_eq!(err["error"]["field"], "role");
    let (status, err) = app
        .call_fn(
            "/sfn/studies/remove_member",
            &[("study_id", &id), ("user_id", &me)],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["reason"], "last_coordinator");
    app.cleanup().await;
}

async fn wrong_passwords_are_named_as_such(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, err) = app
        .post_json(
            "/api/v1/session",
            json!({"email": TESTER, "password": "not-the-password"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{err}");
    assert_eq!(err["error"]["reason"], "wrong_credentials");
    app.cleanup().await;
}

/// A codebook cut off after `keep` of its lines.
fn cut_after_lines(text: &str, keep: usize) -> String {
    text.lines().take(keep).collect::<Vec<_>>().join("\n")
}

async fn cut_off_files_are_reported_where_they_stop(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, list) = app.get_json("/api/v1/codebooks").await;
    let id = list[0]["id"].as_str().unwrap().to_string();
    let (_, qdc) = app.get(&format!("/api/v1/codebooks/{id}/export.qdc")).await;
    let (_, json) = app
        .get(&format!("/api/v1/codebooks/{id}/export.json"))
        .await;
    // The JSON export is one line: pretty-print it so that a cut leaves many lines.
    let json =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(&json).unwrap()).unwrap();
    for (content_type, text) in [("application/xml", qdc), ("application/json", json)] {
        let cut = cut_after_lines(&text, 40);
        let (status, err) = app.post_body("/api/v1/codebooks", content_type, &cut).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{content_type}: {err}");
        let problem = &err["error"]["details"][0];
        assert_eq!(problem["kind"], "truncated", "{content_type}: {err}");
        assert_eq!(problem["line"], 40, "{content_type}: {err}");
        assert!(
            err["error"]["field"]
                .as_str()
                .unwrap()
                .starts_with("line 40 column "),
            "{content_type}: {err}"
        );
        // The browser's import goes through the server function: the same report.
        let (status, err) = app
            .call_fn(
                "/sfn/codebooks/import",
                &[("file_name", "cut.file"), ("content", &cut)],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{content_type}: {err}");
        assert_eq!(err["details"][0]["kind"], "truncated", "{err}");
        assert_eq!(err["details"][0]["line"], 40, "{err}");
    }

    let missing = r#"{"name": "n", "version": 1,
  "nodes": []}"#;
    let (status, err) = app
        .post_body("/api/v1/codebooks", "application/json", missing)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let problem = &err["error"]["details"][0];
    assert_eq!(problem["kind"], "missing_field", "{err}");
    assert_eq!(problem["params"]["field"], "guid", "{err}");
    assert_eq!(problem["line"], 2, "{err}");
    app.cleanup().await;
}

async fn unknown_pages_are_app_pages_with_404(kind: Kind) {
    let app = app_or_skip!(kind);
    let res = app
        .send(Request::get("/bestaat/niet").body(Body::empty()).unwrap())
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let csp = res
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("style-src 'self'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    let html = common::body_text(res).await;
    assert!(html.contains("href=\"/pkg/aansluiting.css\""), "{html}");
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{html}");
    assert!(html.contains("Pagina niet gevonden"), "{html}");
    // Signed in (the tester's token; the name is the address in these tests): the header
    // names the user and offers no sign-in.
    assert!(html.contains("user-menu__name"), "{html}");
    assert!(!html.contains(">Aanmelden<"), "{html}");
    // Files are still served as files.
    let (status, _) = app.get("/favicon.svg").await;
    assert_ne!(
        status,
        StatusCode::OK,
        "no site root in tests: a 404 page, not a crash"
    );
    app.cleanup().await;
}

async fn the_study_log_names_people_and_interviews(kind: Kind) {
    let app = app_or_skip!(kind);
    let id = new_study(&app).await;
    let jan = app.user_with_token("jan@example.test").await;
    app.join(&id, "jan@example.test", "interviewer", &jan).await;
    let (status, iv) = app
        .post_json(
            &format!("/api/v1/studies/{id}/interviews"),
            json!({"organisation": "Bakkerij Bol", "sbi_section": "G"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{iv}");
    let (_, log) = app.get_json(&format!("/api/v1/studies/{id}/audit")).await;
    let newest = &log[0];
    assert_eq!(newest["action"], "interview.created", "{log}");
    assert_eq!(newest["details"]["organisation"], "Bakkerij Bol");
    assert_eq!(newest["details"]["interview_id"], iv["id"]);
    assert_eq!(newest["actor_name"], TESTER, "{log}");
    assert_eq!(log[1]["action"], "invitation.accepted");
    assert_eq!(log[1]["actor_name"], "jan@example.test");
    assert_eq!(log[2]["action"], "member.invited");
    // The invitee is the address as typed, never an account's name (see tests/invitations.rs).
    assert_eq!(log[2]["details"]["invitee"], "jan@example.test");
    assert_eq!(log[2]["subject_name"], Value::Null);

    // Through the server function too, with the same fields.
    let (status, entries) = app
        .call_fn("/sfn/studies/audit", &[("study_id", &id)])
        .await;
    assert_eq!(status, StatusCode::OK, "{entries}");
    assert_eq!(entries[0]["action"], "interview.created");
    assert_eq!(entries[1]["action"], "invitation.accepted");
    assert_eq!(entries[2]["details"]["invitee"], "jan@example.test");

    // A refused interview logs nothing.
    let (status, _) = app
        .post_json(
            &format!("/api/v1/studies/{id}/interviews"),
            json!({"organisation": "", "sbi_section": "G"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, again) = app.get_json(&format!("/api/v1/studies/{id}/audit")).await;
    assert_eq!(
        again.as_array().unwrap().len(),
        log.as_array().unwrap().len()
    );
    app.cleanup().await;
}

async fn sbi_sections_have_english_names(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, sbi) = app.get_json("/api/v1/reference/sbi-sections").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sbi[6]["code"], "G");
    assert_eq!(
        sbi[6]["name"],
        "Groot- en detailhandel; reparatie van auto's"
    );
    assert_eq!(
        sbi[6]["name_en"],
        "Wholesale and retail trade; repair of motor vehicles and motorcycles"
    );
    app.cleanup().await;
}

on_both_databases!(
    refusals_name_their_rule_and_field,
    wrong_passwords_are_named_as_such,
    cut_off_files_are_reported_where_they_stop,
    unknown_pages_are_app_pages_with_404,
    the_study_log_names_people_and_interviews,
    sbi_sections_have_english_names,
);
