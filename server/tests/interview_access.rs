//! Who may change an interview, as the page is told (`can_edit`, the interviewer's name) and as
//! a coordinator changes it (reassigning the interviewer), on SQLite and PostgreSQL. Also the
//! names in an answer's history and the refusal of a new interview without an SBI section.

mod common;

use axum::body::Body;
use common::{Kind, TestApp};
use http::{Request, StatusCode};
use serde_json::{Value, json};

struct World {
    app: TestApp,
    study: String,
    interview: String,
    item: String,
}

/// An account with a display name of its own (the harness names accounts by their email).
async fn person(app: &TestApp, email: &str, name: &str) -> (String, String) {
    use server::auth::principal::UserCtx;
    let user = server::services::accounts::create_user(&app.db, email, name, common::PASSWORD)
        .await
        .unwrap();
    let ctx = server::services::Ctx::acting_as(
        app.db.clone(),
        UserCtx::on_behalf(user.id.to_string(), &user.email, &user.name),
    );
    let token = server::services::accounts::create_token(&ctx, &common::token_request())
        .await
        .unwrap()
        .token;
    (user.id.to_string(), token)
}

impl World {
    async fn new(kind: Kind) -> Option<World> {
        let app = TestApp::new(kind).await?;
        let (_, books) = app.get_json("/api/v1/codebooks").await;
        let codebook = books[0]["id"].as_str().unwrap().to_string();
        let (_, study) = app
            .post_json(
                "/api/v1/studies",
                json!({"name": "Toegang", "codebook_id": codebook}),
            )
            .await;
        let study = study["id"].as_str().unwrap().to_string();
        let (status, iv) = app
            .post_json(
                &format!("/api/v1/studies/{study}/interviews"),
                json!({"organisation": "Toegang BV (fictief)", "sbi_section": "G"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{iv}");
        let (_, tree) = app.get_json(&format!("/api/v1/codebooks/{codebook}")).await;
        let item = common::first_node(&tree, "item");
        Some(World {
            app,
            study,
            interview: iv["id"].as_str().unwrap().to_string(),
            item,
        })
    }

    /// A member of the study (added by the tester, its coordinator): (user id, token).
    async fn member(&self, email: &str, name: &str, role: &str) -> (String, String) {
        let who = person(&self.app, email, name).await;
        self.app.join(&self.study, email, role, &who.1).await;
        who
    }

    async fn send(
        &self,
        token: Option<&str>,
        method: &str,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        let res = self.app.send(req.body(Body::from(body)).unwrap()).await;
        let status = res.status();
        let text = common::body_text(res).await;
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn view(&self, token: Option<&str>) -> Value {
        let (status, v) = self
            .send(
                token,
                "GET",
                &format!("/api/v1/interviews/{}", self.interview),
                Value::Null,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        v
    }

    async fn assign(&self, token: Option<&str>, user_id: &str) -> (StatusCode, Value) {
        self.send(
            token,
            "PUT",
            &format!("/api/v1/interviews/{}/interviewer", self.interview),
            json!({"user_id": user_id}),
        )
        .await
    }

    async fn rate(&self, token: Option<&str>, op_id: &str) -> StatusCode {
        self.send(
            token,
            "PUT",
            &format!(
                "/api/v1/interviews/{}/answers/{}",
                self.interview, self.item
            ),
            json!({"rating": "partly", "op_id": op_id}),
        )
        .await
        .0
    }
}

async fn the_page_is_told_who_may_change_the_interview(kind: Kind) {
    let Some(w) = World::new(kind).await else {
        return;
    };
    let (_, colleague) = w
        .member("ian@example.test", "Ian Jansen", "interviewer")
        .await;
    let (_, viewer) = w.member("vera@example.test", "Vera Visser", "viewer").await;
    // The tester created the interview and coordinates the study.
    let own = w.view(None).await;
    assert_eq!(own["can_edit"], true);
    assert_eq!(own["interviewer_name"], common::TESTER);
    for token in [&colleague, &viewer] {
        let other = w.view(Some(token)).await;
        assert_eq!(other["can_edit"], false, "{other}");
        assert_eq!(other["interviewer_name"], common::TESTER);
    }
    w.app.cleanup().await;
}

async fn a_coordinator_gives_an_interview_to_another_interviewer(kind: Kind) {
    let Some(w) = World::new(kind).await else {
        return;
    };
    let (ann_id, ann) = w
        .member("ann@example.test", "Ann de Vries", "interviewer")
        .await;
    let (_, ian) = w
        .member("ian@example.test", "Ian Jansen", "interviewer")
        .await;
    assert_eq!(w.rate(Some(&ann), "before").await, StatusCode::FORBIDDEN);

    let (status, summary) = w.assign(None, &ann_id).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(summary["interviewer_id"], ann_id.as_str());
    let seen_by_ann = w.view(Some(&ann)).await;
    assert_eq!(seen_by_ann["can_edit"], true);
    assert_eq!(seen_by_ann["interviewer_name"], "Ann de Vries");
    // She may now change it at once (no stale cached interviewer); a colleague still may not.
    assert_eq!(w.rate(Some(&ann), "after").await, StatusCode::OK);
    assert_eq!(w.rate(Some(&ian), "colleague").await, StatusCode::FORBIDDEN);

    // The history names her, not her e-mail address.
    let (_, history) = w
        .send(
            None,
            "GET",
            &format!(
                "/api/v1/interviews/{}/answers/{}/history",
                w.interview, w.item
            ),
            Value::Null,
        )
        .await;
    assert_eq!(history[0]["actor"], "Ann de Vries");

    let (_, log) = w
        .app
        .get_json(&format!("/api/v1/studies/{}/audit", w.study))
        .await;
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "interview.interviewer_changed")
        .expect("an audit entry");
    assert_eq!(entry["details"]["to"], "ann@example.test");
    assert_eq!(entry["details"]["from"], common::TESTER);
    assert_eq!(entry["details"]["interview_id"], w.interview.as_str());
    w.app.cleanup().await;
}

async fn only_coordinators_reassign_and_only_to_interviewing_members(kind: Kind) {
    let Some(w) = World::new(kind).await else {
        return;
    };
    let (ann_id, ann) = w
        .member("ann@example.test", "Ann de Vries", "interviewer")
        .await;
    let (vera_id, _) = w.member("vera@example.test", "Vera Visser", "viewer").await;
    let (outsider_id, outsider) = person(&w.app, "otto@example.test", "Otto Buiten").await;

    // An interviewer may not take an interview, not even for herself.
    let (status, _) = w.assign(Some(&ann), &ann_id).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Someone outside the study does not see it at all.
    let (status, _) = w.assign(Some(&outsider), &outsider_id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A viewer or a non-member cannot become its interviewer.
    for target in [&vera_id, &outsider_id, &"no-such-user".to_string()] {
        // (a viewer, a non-member, and a text that is not an id: each names the field)
        let (status, body) = w.assign(None, target).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["field"], "user_id", "{body}");
    }
    let (status, _) = w
        .send(
            None,
            "PUT",
            &format!("/api/v1/interviews/{}/interviewer", w.interview),
            json!({}),
        )
        .await;
    assert!(status.is_client_error());
    // Nothing changed and nothing was logged.
    assert_eq!(w.view(None).await["interviewer_name"], common::TESTER);
    let (_, log) = w
        .app
        .get_json(&format!("/api/v1/studies/{}/audit", w.study))
        .await;
    assert!(
        !log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "interview.interviewer_changed")
    );
    w.app.cleanup().await;
}

async fn the_server_function_reassigns_too(kind: Kind) {
    let Some(w) = World::new(kind).await else {
        return;
    };
    let (ann_id, _) = w
        .member("ann@example.test", "Ann de Vries", "interviewer")
        .await;
    let (vera_id, _) = w.member("vera@example.test", "Vera Visser", "viewer").await;
    let (status, summary) = w
        .app
        .call_fn(
            "/sfn/interviews/assign_interviewer",
            &[("interview_id", &w.interview), ("user_id", &ann_id)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(summary["interviewer_id"], ann_id.as_str());
    let (status, refused) = w
        .app
        .call_fn(
            "/sfn/interviews/assign_interviewer",
            &[("interview_id", &w.interview), ("user_id", "nobody")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(refused["code"], "malformed");
    let (status, refused) = w
        .app
        .call_fn(
            "/sfn/interviews/assign_interviewer",
            &[("interview_id", &w.interview), ("user_id", &vera_id)],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["field"], "user_id");
    w.app.cleanup().await;
}

async fn a_new_interview_needs_a_chosen_sbi_section(kind: Kind) {
    let Some(w) = World::new(kind).await else {
        return;
    };
    let (status, body) = w
        .app
        .post_json(
            &format!("/api/v1/studies/{}/interviews", w.study),
            json!({"organisation": "Zonder sectie BV (fictief)", "sbi_section": ""}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "sbi_section");
    let (status, body) = w
        .app
        .call_fn(
            "/sfn/interviews/create",
            &[
                ("study_id", &w.study),
                ("organisation", "Zonder sectie BV (fictief)"),
                ("sbi_section", ""),
                ("respondent_function", ""),
                ("held_on", ""),
                ("mode", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "sbi_section");
    let (_, list) = w
        .app
        .get_json(&format!("/api/v1/studies/{}/interviews", w.study))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    w.app.cleanup().await;
}

on_both_databases!(
    the_page_is_told_who_may_change_the_interview,
    a_coordinator_gives_an_interview_to_another_interviewer,
    only_coordinators_reassign_and_only_to_interviewing_members,
    the_server_function_reassigns_too,
    a_new_interview_needs_a_chosen_sbi_section
);
