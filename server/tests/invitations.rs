//! Invitations, on SQLite and PostgreSQL (issue 13: adding a member must not reveal whether an
//! address has an account). A coordinator invites an address; the answer, the lists and the log
//! look the same whether or not an account exists; only whoever signs in with the address sees
//! the invitation, and only accepting it opens the study.

mod common;

use axum::body::Body;
use common::{Kind, PASSWORD, TESTER, TestApp};
use http::{Method, Request, StatusCode};
use serde_json::{Value, json};

async fn person(app: &TestApp, email: &str, name: &str) -> String {
    server::services::accounts::create_user(&app.db, email, name, PASSWORD)
        .await
        .expect("create user");
    app.token_for(email).await
}

/// A REST call as the holder of `token` (`None`: this app's coordinator).
async fn as_(
    app: &TestApp,
    token: Option<&str>,
    method: Method,
    path: &str,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let res = app.send(req.body(Body::empty()).unwrap()).await;
    let status = res.status();
    let text = common::body_text(res).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn invite(app: &TestApp, study: &str, email: &str, role: &str) -> (StatusCode, Value) {
    app.post_json(
        &format!("/api/v1/studies/{study}/members"),
        json!({"email": email, "role": role}),
    )
    .await
}

/// The parts of an answer that may differ between two invitations made alike.
fn without_own_parts(mut v: Value) -> Value {
    for key in ["id", "email", "invited_at"] {
        v.as_object_mut().unwrap().remove(key);
    }
    v
}

async fn an_invitation_looks_the_same_with_or_without_an_account(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    let study = app.new_study("Uitnodigen").await;
    person(&app, "bekend@example.test", "Karel Bekend (fictief)").await;

    let (status_known, known) = invite(&app, &study, "bekend@example.test", "interviewer").await;
    let (status_unknown, unknown) =
        invite(&app, &study, "onbekend@example.test", "interviewer").await;
    assert_eq!(status_known, StatusCode::CREATED, "{known}");
    assert_eq!(status_unknown, status_known);
    assert_eq!(
        without_own_parts(known.clone()),
        without_own_parts(unknown.clone())
    );
    assert_eq!(known["email"], "bekend@example.test");
    assert_eq!(
        known["invited_by"], TESTER,
        "the inviter's name (here: the address)"
    );

    // The same through the server function the study page calls.
    let (status, by_fn) = app
        .call_fn(
            "/sfn/studies/add_member",
            &[
                ("study_id", &study),
                ("email", "nog-een@example.test"),
                ("role", "interviewer"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{by_fn}");
    assert_eq!(without_own_parts(by_fn), without_own_parts(known.clone()));

    // Nobody became a member; the open invitations list both alike, by address.
    let (_, members) = app
        .get_json(&format!("/api/v1/studies/{study}/members"))
        .await;
    assert_eq!(members.as_array().unwrap().len(), 1, "{members}");
    let (status, open) = app
        .get_json(&format!("/api/v1/studies/{study}/invitations"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let emails: Vec<&str> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        [
            "bekend@example.test",
            "onbekend@example.test",
            "nog-een@example.test"
        ]
    );

    // Inviting again is refused alike, account or not.
    for email in ["bekend@example.test", "ONBEKEND@example.test"] {
        let (status, err) = invite(&app, &study, email, "viewer").await;
        assert_eq!(status, StatusCode::CONFLICT, "{err}");
        assert_eq!(err["error"]["reason"], "already_invited");
    }

    // The log tells the address as typed and never the account's name.
    let (_, log) = app
        .get_json(&format!("/api/v1/studies/{study}/audit"))
        .await;
    let invited: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "member.invited")
        .collect();
    assert_eq!(invited.len(), 3, "{log}");
    for e in &invited {
        assert_eq!(e["subject_name"], Value::Null, "{e}");
        assert_eq!(e["details"].as_object().unwrap().len(), 2, "{e}");
    }
    assert!(!log.to_string().contains("Karel"), "{log}");
    app.cleanup().await;
}

async fn only_the_addressee_sees_and_accepts(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    let study = app.new_study("Alleen voor jou").await;
    let invitee = person(&app, "jan@example.test", "Jan Jansen (fictief)").await;
    let other = person(&app, "piet@example.test", "Piet (fictief)").await;
    let (_, inv) = invite(&app, &study, "Jan@Example.test", "interviewer").await;
    let id = inv["id"].as_str().unwrap();
    let study_path = format!("/api/v1/studies/{study}");
    let accept = format!("/api/v1/invitations/{id}/accept");

    // Invited is not yet a member.
    assert_eq!(
        as_(&app, Some(&invitee), Method::GET, &study_path).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, mine) = as_(&app, Some(&invitee), Method::GET, "/api/v1/invitations").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine[0]["study_name"], "Alleen voor jou");
    assert_eq!(mine[0]["role"], "interviewer");

    // Someone else neither sees it nor can answer it: it does not exist for them.
    let (_, theirs) = as_(&app, Some(&other), Method::GET, "/api/v1/invitations").await;
    assert_eq!(theirs, json!([]));
    for path in [accept.clone(), format!("/api/v1/invitations/{id}/decline")] {
        let (status, err) = as_(&app, Some(&other), Method::POST, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {err}");
    }
    assert_eq!(
        as_(&app, Some(&other), Method::GET, &study_path).await.0,
        StatusCode::NOT_FOUND
    );

    // The addressee accepts: in at once, with the invited role; once only.
    let (status, joined) = as_(&app, Some(&invitee), Method::POST, &accept).await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    assert_eq!(joined["id"], study.as_str());
    assert_eq!(joined["my_role"], "interviewer");
    assert_eq!(
        as_(&app, Some(&invitee), Method::GET, &study_path).await.0,
        StatusCode::OK
    );
    assert_eq!(
        as_(&app, Some(&invitee), Method::POST, &accept).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, mine) = as_(&app, Some(&invitee), Method::GET, "/api/v1/invitations").await;
    assert_eq!(mine, json!([]));
    let (_, open) = app
        .get_json(&format!("/api/v1/studies/{study}/invitations"))
        .await;
    assert_eq!(open, json!([]));

    // A member now: inviting the address again says so.
    let (status, err) = invite(&app, &study, "jan@example.test", "viewer").await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["reason"], "already_member");

    let (_, log) = app
        .get_json(&format!("/api/v1/studies/{study}/audit"))
        .await;
    assert_eq!(log[0]["action"], "invitation.accepted");
    assert_eq!(log[0]["actor_name"], "Jan Jansen (fictief)");
    assert_eq!(log[0]["details"]["role"], "interviewer");
    app.cleanup().await;
}

async fn declined_and_withdrawn_invitations_are_gone(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    let study = app.new_study("Nee, dank je").await;
    let elsewhere = app.new_study("Elders").await;
    let invitee = person(&app, "anna@example.test", "Anna (fictief)").await;

    let (_, inv) = invite(&app, &study, "anna@example.test", "viewer").await;
    let id = inv["id"].as_str().unwrap();
    let (status, _) = as_(
        &app,
        Some(&invitee),
        Method::POST,
        &format!("/api/v1/invitations/{id}/decline"),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let accept = format!("/api/v1/invitations/{id}/accept");
    assert_eq!(
        as_(&app, Some(&invitee), Method::POST, &accept).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        as_(
            &app,
            Some(&invitee),
            Method::GET,
            &format!("/api/v1/studies/{study}")
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );

    // Declined, the address may be invited again; a withdrawn invitation cannot be accepted.
    let (status, inv) = invite(&app, &study, "anna@example.test", "viewer").await;
    assert_eq!(status, StatusCode::CREATED);
    let id = inv["id"].as_str().unwrap();
    // Only through the study it belongs to.
    let (status, _) = as_(
        &app,
        None,
        Method::DELETE,
        &format!("/api/v1/studies/{elsewhere}/invitations/{id}"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = as_(
        &app,
        None,
        Method::DELETE,
        &format!("/api/v1/studies/{study}/invitations/{id}"),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let accept = format!("/api/v1/invitations/{id}/accept");
    assert_eq!(
        as_(&app, Some(&invitee), Method::POST, &accept).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, mine) = as_(&app, Some(&invitee), Method::GET, "/api/v1/invitations").await;
    assert_eq!(mine, json!([]));

    let (_, log) = app
        .get_json(&format!("/api/v1/studies/{study}/audit"))
        .await;
    let actions = common::actions(&log);
    assert_eq!(
        actions,
        [
            "invitation.withdrawn",
            "member.invited",
            "invitation.declined",
            "member.invited",
            "study.created"
        ]
    );
    assert_eq!(log[0]["details"]["invitee"], "anna@example.test");
    app.cleanup().await;
}

/// An address invited before its account exists: the invitation waits for the account.
async fn an_invitation_waits_for_the_account(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    let study = app.new_study("Later").await;
    let (status, inv) = invite(&app, &study, "later@example.test", "facilitator").await;
    assert_eq!(status, StatusCode::CREATED, "{inv}");
    let later = person(&app, "later@example.test", "Lotte Later (fictief)").await;
    let (_, mine) = as_(&app, Some(&later), Method::GET, "/api/v1/invitations").await;
    assert_eq!(mine[0]["id"], inv["id"]);
    let (status, joined) = as_(
        &app,
        Some(&later),
        Method::POST,
        &format!("/api/v1/invitations/{}/accept", inv["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    assert_eq!(joined["my_role"], "facilitator");
    let (_, members) = app
        .get_json(&format!("/api/v1/studies/{study}/members"))
        .await;
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "Lotte Later (fictief)" && m["role"] == "facilitator"),
        "{members}"
    );
    app.cleanup().await;
}

/// The page's own doors: the study's list, mine, accept and decline as server functions.
async fn server_functions_do_the_same(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    let study = app.new_study("Functies").await;
    let invitee = person(&app, "kees@example.test", "Kees (fictief)").await;
    let (_, inv) = invite(&app, &study, "kees@example.test", "viewer").await;
    let (status, open) = app
        .call_fn("/sfn/studies/invitations", &[("study_id", &study)])
        .await;
    assert_eq!(status, StatusCode::OK, "{open}");
    assert_eq!(open[0]["id"], inv["id"]);

    let call_as = |token: &str, path: &str, body: String| {
        Request::post(path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let res = app
        .send(call_as(&invitee, "/sfn/invitations/mine", String::new()))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mine: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    assert_eq!(mine[0]["study_name"], "Functies");
    let id = inv["id"].as_str().unwrap();
    let res = app
        .send(call_as(
            &invitee,
            "/sfn/invitations/accept",
            format!("invitation_id={id}"),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let joined: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    assert_eq!(joined["my_role"], "viewer");
    let res = app
        .send(call_as(
            &invitee,
            "/sfn/invitations/decline",
            format!("invitation_id={id}"),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "answered already");

    // Withdrawing through the study page's function.
    let (_, inv) = invite(&app, &study, "nog-niet@example.test", "viewer").await;
    let (status, body) = app
        .call_fn(
            "/sfn/studies/withdraw_invitation",
            &[
                ("study_id", &study),
                ("invitation_id", inv["id"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, open) = app
        .get_json(&format!("/api/v1/studies/{study}/invitations"))
        .await;
    assert_eq!(open, json!([]));
    app.cleanup().await;
}

on_both_databases!(
    an_invitation_looks_the_same_with_or_without_an_account,
    only_the_addressee_sees_and_accepts,
    declined_and_withdrawn_invitations_are_gone,
    an_invitation_waits_for_the_account,
    server_functions_do_the_same,
);
