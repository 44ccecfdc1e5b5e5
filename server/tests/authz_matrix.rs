//! Every REST route (from the router's own table) and every server function (from Leptos'
//! registry) × every kind of caller, each account both by bearer token and by session cookie:
//! allowed or denied exactly as declared, and a study's outsiders told 404 (the study does not
//! exist for them), never 403. A route or server function added without a rule here makes this
//! test fail. Also: nobody ends another user's sessions or tokens, and no account reads the
//! metrics.

mod common;

use app::domain::access::{Permission, StudyRole, allows};
use axum::body::Body;
use common::browser::sign_in_as;
use common::{Kind, TestApp};
use http::{Method, Request, StatusCode};
use serde_json::Value;
use server::auth::policy::Access;

/// The reviewed rules. Changing a route's access, or adding a route, means changing this list.
const EXPECTED_REST: &[(&str, &str, Access)] = {
    use Access::{Public, SignedIn, Study};
    use Permission::*;
    &[
        ("GET", "/openapi.json", Public),
        ("GET", "/reference/sbi-sections", Public),
        ("GET", "/reference/trends", Public),
        ("GET", "/reference/training-companies", Public),
        ("POST", "/session", Public),
        ("GET", "/session", Public),
        ("DELETE", "/session", SignedIn),
        ("GET", "/sessions", SignedIn),
        ("DELETE", "/sessions", SignedIn),
        ("DELETE", "/sessions/{id}", SignedIn),
        ("GET", "/tokens", SignedIn),
        ("POST", "/tokens", Access::Session),
        ("PUT", "/account/password", Access::Session),
        ("DELETE", "/tokens/{id}", SignedIn),
        ("GET", "/codebooks", SignedIn),
        ("POST", "/codebooks", SignedIn),
        ("GET", "/codebooks/{id}", SignedIn),
        ("GET", "/codebooks/{id}/export.qdc", SignedIn),
        ("GET", "/codebooks/{id}/export.json", SignedIn),
        ("GET", "/studies", SignedIn),
        ("POST", "/studies", SignedIn),
        ("GET", "/studies/{id}", Study(Read)),
        ("GET", "/studies/{id}/members", Study(Coordinate)),
        ("POST", "/studies/{id}/members", Study(Coordinate)),
        ("PUT", "/studies/{id}/members/{user_id}", Study(Coordinate)),
        (
            "DELETE",
            "/studies/{id}/members/{user_id}",
            Study(Coordinate),
        ),
        ("GET", "/studies/{id}/invitations", Study(Coordinate)),
        (
            "DELETE",
            "/studies/{id}/invitations/{invitation_id}",
            Study(Coordinate),
        ),
        ("GET", "/invitations", SignedIn),
        ("POST", "/invitations/{id}/accept", SignedIn),
        ("POST", "/invitations/{id}/decline", SignedIn),
        ("GET", "/studies/{id}/audit", Study(Coordinate)),
        ("GET", "/studies/{id}/aggregate", Study(Read)),
        ("GET", "/studies/{id}/items/{item_id}", Study(Read)),
        ("GET", "/studies/{id}/live", Study(Read)),
        ("GET", "/studies/{id}/thresholds", Study(Read)),
        ("PUT", "/studies/{id}/thresholds", Study(Coordinate)),
        ("GET", "/studies/{id}/interviews", Study(Read)),
        ("POST", "/studies/{id}/interviews", Study(Interview)),
        ("GET", "/interviews/{id}", Access::Interview(Read)),
        (
            "PUT",
            "/interviews/{id}/answers/{item_id}",
            Access::Interview(Interview),
        ),
        (
            "POST",
            "/interviews/{id}/answers:batch",
            Access::Interview(Interview),
        ),
        (
            "GET",
            "/interviews/{id}/answers/{item_id}/history",
            Access::Interview(Read),
        ),
        ("GET", "/studies/{id}/aspects", Study(Read)),
        ("PATCH", "/interviews/{id}", Access::Interview(Interview)),
        (
            "PUT",
            "/interviews/{id}/interviewer",
            Access::Interview(Coordinate),
        ),
        (
            "PUT",
            "/interviews/{id}/fields/{key}",
            Access::Interview(Interview),
        ),
        (
            "GET",
            "/interviews/{id}/fields/{key}/history",
            Access::Interview(Read),
        ),
        ("POST", "/studies/{id}/workshops", Study(Facilitate)),
        ("GET", "/studies/{id}/workshops", Study(Read)),
        ("POST", "/join", Public),
        ("GET", "/workshops/{id}", Access::Workshop(Read)),
        ("GET", "/workshops/{id}/me", Access::Participant),
        ("POST", "/workshops/{id}/votes", Access::Participant),
        ("POST", "/workshops/{id}/votes:batch", Access::Participant),
        (
            "POST",
            "/workshops/{id}/control",
            Access::Workshop(Facilitate),
        ),
        ("GET", "/workshops/{id}/results", Access::Workshop(Read)),
        ("GET", "/workshops/{id}/qr.svg", Access::Workshop(Read)),
        ("GET", "/workshops/{id}/live", Access::WorkshopAudience),
    ]
};

/// Server functions: their rule and arguments that get past argument decoding.
const EXPECTED_FNS: &[(&str, Access, &[(&str, &str)])] = {
    use Access::{Public, SignedIn, Study};
    use Permission::*;
    &[
        ("/sfn/system_status", Public, &[]),
        ("/sfn/account/whoami", Public, &[]),
        (
            "/sfn/account/sign_in",
            Public,
            &[("email", "nobody@example.test"), ("password", "x")],
        ),
        ("/sfn/account/sign_out", SignedIn, &[]),
        ("/sfn/account/sign_out_everywhere", SignedIn, &[]),
        ("/sfn/account/sessions", SignedIn, &[]),
        ("/sfn/account/revoke_session", SignedIn, &[("id", "none")]),
        ("/sfn/account/tokens", SignedIn, &[]),
        (
            "/sfn/account/create_token",
            Access::Session,
            &[("request[name]", "matrix"), ("request[password]", "wrong")],
        ),
        (
            "/sfn/account/change_password",
            Access::Session,
            &[("current_password", "wrong"), ("new_password", "x")],
        ),
        ("/sfn/account/revoke_token", SignedIn, &[("id", "none")]),
        ("/sfn/codebooks/list", SignedIn, &[]),
        ("/sfn/codebooks/get", SignedIn, &[("id", "{codebook}")]),
        (
            "/sfn/codebooks/import",
            SignedIn,
            &[("file_name", "x.json"), ("content", "not json")],
        ),
        ("/sfn/studies/list", SignedIn, &[]),
        (
            "/sfn/studies/create",
            SignedIn,
            &[("name", ""), ("codebook_id", "{codebook}")],
        ),
        ("/sfn/studies/get", Study(Read), &[("study_id", "{study}")]),
        (
            "/sfn/studies/members",
            Study(Coordinate),
            &[("study_id", "{study}")],
        ),
        (
            "/sfn/studies/add_member",
            Study(Coordinate),
            &[
                ("study_id", "{study}"),
                ("email", "nobody@example.test"),
                ("role", "viewer"),
            ],
        ),
        (
            "/sfn/studies/change_member_role",
            Study(Coordinate),
            &[
                ("study_id", "{study}"),
                ("user_id", "{spare}"),
                ("role", "viewer"),
            ],
        ),
        (
            "/sfn/studies/remove_member",
            Study(Coordinate),
            &[("study_id", "{study}"), ("user_id", "{absent}")],
        ),
        (
            "/sfn/studies/audit",
            Study(Coordinate),
            &[("study_id", "{study}")],
        ),
        (
            "/sfn/studies/invitations",
            Study(Coordinate),
            &[("study_id", "{study}")],
        ),
        (
            "/sfn/studies/withdraw_invitation",
            Study(Coordinate),
            &[("study_id", "{study}"), ("invitation_id", "{absent}")],
        ),
        ("/sfn/invitations/mine", SignedIn, &[]),
        (
            "/sfn/invitations/accept",
            SignedIn,
            &[("invitation_id", "{absent}")],
        ),
        (
            "/sfn/invitations/decline",
            SignedIn,
            &[("invitation_id", "{absent}")],
        ),
        (
            "/sfn/dashboard/aggregate",
            Study(Read),
            &[("study_id", "{study}"), ("query", "{}")],
        ),
        (
            "/sfn/dashboard/item",
            Study(Read),
            &[("study_id", "{study}"), ("item_id", "{item}")],
        ),
        (
            "/sfn/dashboard/thresholds",
            Study(Read),
            &[("study_id", "{study}")],
        ),
        (
            "/sfn/dashboard/set_thresholds",
            Study(Coordinate),
            &[
                ("study_id", "{study}"),
                (
                    "thresholds",
                    r#"{"good_min": 0.8, "partial_min": 0.5, "min_n": 3}"#,
                ),
            ],
        ),
        (
            "/sfn/interviews/list",
            Study(Read),
            &[("study_id", "{study}")],
        ),
        (
            "/sfn/interviews/create",
            Study(Interview),
            &[
                ("study_id", "{study}"),
                ("organisation", ""),
                ("sbi_section", "G"),
                ("respondent_function", ""),
                ("held_on", ""),
                ("mode", ""),
            ],
        ),
        (
            "/sfn/interviews/get",
            Access::Interview(Read),
            &[("interview_id", "{interview}")],
        ),
        (
            "/sfn/interviews/save",
            Access::Interview(Interview),
            &[("interview_id", "{interview}"), ("ops", "[]")],
        ),
        (
            "/sfn/interviews/update",
            Access::Interview(Interview),
            &[
                ("interview_id", "{interview}"),
                ("patch", r#"{"organisation": "Matrix BV (fictief)"}"#),
            ],
        ),
        (
            "/sfn/interviews/save_fields",
            Access::Interview(Interview),
            &[("interview_id", "{interview}"), ("ops", "[]")],
        ),
        (
            "/sfn/interviews/history",
            Access::Interview(Read),
            &[("interview_id", "{interview}"), ("item_id", "{item}")],
        ),
        (
            "/sfn/interviews/aspects",
            Study(Read),
            &[("study_id", "{study}")],
        ),
        (
            "/sfn/workshops/list",
            Study(Read),
            &[("study_id", "{study}")],
        ),
        (
            "/sfn/workshops/create",
            Study(Facilitate),
            &[
                ("study_id", "{study}"),
                (
                    "workshop",
                    r#"{"title": "", "role_ids": [], "mode": "paced"}"#,
                ),
            ],
        ),
        (
            "/sfn/workshops/get",
            Access::Workshop(Read),
            &[("workshop_id", "{workshop}")],
        ),
        (
            "/sfn/workshops/control",
            Access::Workshop(Facilitate),
            &[
                ("workshop_id", "{workshop}"),
                ("control", r#"{"action": "next_round"}"#),
            ],
        ),
        // Gives the interview to the interviewer who holds it already: allowed, changes nothing.
        (
            "/sfn/interviews/assign_interviewer",
            Access::Interview(Coordinate),
            &[
                ("interview_id", "{interview}"),
                ("user_id", "{interviewer}"),
            ],
        ),
    ]
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// A participant of the study's workshop.
    Participant,
    /// A participant of another study's workshop: their cookie opens nothing here.
    OtherParticipant,
    Member(StudyRole),
    /// An interviewer of the study who does not hold the interview: may read it, not change it.
    SecondInterviewer,
    OtherStudyCoordinator,
}

impl Who {
    fn is_account(self) -> bool {
        matches!(
            self,
            Who::Member(_) | Who::SecondInterviewer | Who::OtherStudyCoordinator
        )
    }
}

/// How an account calls: a script's bearer token, or a browser's session cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Bearer,
    Cookie,
}

const EVERYONE: [Who; 9] = [
    Who::Anonymous,
    Who::Participant,
    Who::OtherParticipant,
    Who::OtherStudyCoordinator,
    Who::Member(StudyRole::Viewer),
    Who::Member(StudyRole::Interviewer),
    Who::SecondInterviewer,
    Who::Member(StudyRole::Facilitator),
    // Last, so what it is allowed to change does not affect the others.
    Who::Member(StudyRole::Coordinator),
];

/// Every caller: accounts by bearer token and by cookie, the others as they come.
fn callers() -> Vec<(Who, Via)> {
    EVERYONE
        .iter()
        .flat_map(|&who| {
            if who.is_account() {
                vec![(who, Via::Bearer), (who, Via::Cookie)]
            } else {
                vec![(who, Via::Cookie)]
            }
        })
        .collect()
}

/// Whether the rule lets this caller in.
fn expected(access: Access, who: Who, via: Via) -> bool {
    match (access, who) {
        (Access::Session, who) => who.is_account() && via == Via::Cookie,
        (Access::Interview(Permission::Interview), Who::SecondInterviewer) => false,
        (_, Who::SecondInterviewer) => expected(access, Who::Member(StudyRole::Interviewer), via),
        _ => expected_by_role(access, who),
    }
}

/// Outsiders of a study ask about something that, for them, does not exist.
fn must_be_not_found(access: Access, who: Who) -> bool {
    who == Who::OtherStudyCoordinator
        && matches!(
            access,
            Access::Study(_)
                | Access::Interview(_)
                | Access::Workshop(_)
                | Access::WorkshopAudience
        )
}

fn expected_by_role(access: Access, who: Who) -> bool {
    match (access, who) {
        (Access::Public, _) => true,
        (Access::Participant | Access::WorkshopAudience, Who::Participant) => true,
        (_, Who::Anonymous | Who::Participant | Who::OtherParticipant) => false,
        (Access::Participant, _) => false,
        (Access::SignedIn, _) => true,
        (
            Access::Study(_)
            | Access::Interview(_)
            | Access::Workshop(_)
            | Access::WorkshopAudience,
            Who::OtherStudyCoordinator,
        ) => false,
        (Access::Study(p) | Access::Interview(p) | Access::Workshop(p), Who::Member(role)) => {
            allows(role, p)
        }
        (Access::WorkshopAudience, Who::Member(role)) => allows(role, Permission::Read),
        (Access::Session, _) | (_, Who::SecondInterviewer) => {
            unreachable!("decided in expected()")
        }
    }
}

/// Routes after which the caller's session (or every credential) is gone: renewed for the next.
const ENDS_CREDENTIALS: [&str; 4] = [
    "DELETE /session",
    "DELETE /sessions",
    "POST /sfn/account/sign_out",
    "POST /sfn/account/sign_out_everywhere",
];

/// An account's credentials.
struct Account {
    who: Who,
    email: String,
    token: String,
    cookie: String,
}

struct World {
    app: TestApp,
    interview: String,
    item: String,
    workshop: String,
    accounts: Vec<Account>,
    /// Participants' cookies.
    credentials: Vec<(Who, String)>,
    study: String,
    codebook: String,
    spare: String,
    interviewer: String,
}

impl World {
    fn credential(&self, who: Who) -> Option<&str> {
        self.credentials
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, c)| c.as_str())
    }

    fn fill(&self, s: &str) -> String {
        s.replace("{study}", &self.study)
            .replace("{codebook}", &self.codebook)
            .replace("{spare}", &self.spare)
            .replace("{interviewer}", &self.interviewer)
            .replace("{absent}", "00000000-0000-4000-8000-000000000000")
            .replace("{interview}", &self.interview)
            .replace("{item}", &self.item)
            .replace("{workshop}", &self.workshop)
    }

    fn account(&self, who: Who) -> Option<&Account> {
        self.accounts.iter().find(|a| a.who == who)
    }

    /// A request as `who`: accounts by bearer token or session cookie, participants by their
    /// cookie (cookies from our own origin); anonymous with a cookie header of no account, so
    /// the harness adds no token.
    fn request(
        &self,
        (who, via): (Who, Via),
        method: Method,
        path: &str,
        content_type: &str,
        body: String,
    ) -> Request<Body> {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("content-type", content_type);
        req = match (self.account(who), via, self.credential(who)) {
            (Some(a), Via::Bearer, _) => req.header("authorization", format!("Bearer {}", a.token)),
            (Some(a), Via::Cookie, _) => {
                req.header("cookie", format!("aansluiting_session={}", a.cookie))
            }
            (None, _, Some(c)) => req.header("cookie", format!("aansluiting_participant={c}")),
            (None, _, None) => req.header("cookie", "lang=nl"),
        };
        req.body(Body::from(body)).unwrap()
    }

    /// After a route that ended the caller's session or credentials: new ones.
    async fn renew(&mut self, who: Who) {
        let Some(i) = self.accounts.iter().position(|a| a.who == who) else {
            return;
        };
        let email = self.accounts[i].email.clone();
        let token = self.app.token_for(&email).await;
        let (status, cookie) = sign_in_as(&self.app, &email, common::PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK, "signing {email} in again");
        self.accounts[i].token = token;
        self.accounts[i].cookie = cookie.expect("a session cookie");
    }
}

async fn world(kind: Kind) -> Option<World> {
    let app = TestApp::anonymous(kind).await?;
    let coordinator = app.user_with_token("coordinator@example.test").await;
    let other = app.user_with_token("other@example.test").await;
    let mut credentials = vec![
        (Who::Member(StudyRole::Coordinator), coordinator.clone()),
        (Who::OtherStudyCoordinator, other.clone()),
    ];

    let as_user = |token: &str, method: &str, path: &str, body: Value| {
        Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let res = app
        .send(as_user(
            &coordinator,
            "GET",
            "/api/v1/codebooks",
            Value::Null,
        ))
        .await;
    let list: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    let codebook = list[0]["id"].as_str().unwrap().to_string();
    let new_study = |token: &str, name: &str| {
        as_user(
            token,
            "POST",
            "/api/v1/studies",
            serde_json::json!({"name": name, "codebook_id": codebook}),
        )
    };
    let res = app.send(new_study(&coordinator, "Matrix")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let study: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    let study = study["id"].as_str().unwrap().to_string();
    let res = app.send(new_study(&other, "Elsewhere")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let other_study: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    let other_study = other_study["id"].as_str().unwrap().to_string();

    let mut emails = vec![
        (
            Who::Member(StudyRole::Coordinator),
            "coordinator@example.test",
        ),
        (Who::OtherStudyCoordinator, "other@example.test"),
    ];
    for (role, email) in [
        (StudyRole::Viewer, "viewer@example.test"),
        (StudyRole::Interviewer, "interviewer@example.test"),
        (StudyRole::Facilitator, "facilitator@example.test"),
        (StudyRole::Interviewer, "second@example.test"),
        (StudyRole::Interviewer, "spare@example.test"),
    ] {
        let token = app.user_with_token(email).await;
        let body = serde_json::json!({"email": email, "role": role.code()});
        let res = app
            .send(as_user(
                &coordinator,
                "POST",
                &format!("/api/v1/studies/{study}/members"),
                body,
            ))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let invitation: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
        let accept = format!(
            "/api/v1/invitations/{}/accept",
            invitation["id"].as_str().unwrap()
        );
        let res = app
            .send(as_user(&token, "POST", &accept, Value::Null))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        match email {
            "spare@example.test" => {}
            "second@example.test" => {
                credentials.push((Who::SecondInterviewer, token));
                emails.push((Who::SecondInterviewer, email));
            }
            _ => {
                credentials.push((Who::Member(role), token));
                emails.push((Who::Member(role), email));
            }
        }
    }
    let id_of = |email: &'static str| {
        let db = app.db.clone();
        async move {
            server::services::accounts::find_by_email(&db, email)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let spare = id_of("spare@example.test").await;
    let interviewer_id = id_of("interviewer@example.test").await;

    // An interview held by the interviewer, and one of the codebook's items.
    let interviewer = credentials
        .iter()
        .find(|(w, _)| *w == Who::Member(StudyRole::Interviewer))
        .unwrap()
        .1
        .clone();
    let res = app
        .send(as_user(
            &interviewer,
            "POST",
            &format!("/api/v1/studies/{study}/interviews"),
            serde_json::json!({"organisation": "Demo BV (fictief)", "sbi_section": "G"}),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let interview: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    let interview = interview["id"].as_str().unwrap().to_string();
    let res = app
        .send(as_user(
            &coordinator,
            "GET",
            &format!("/api/v1/codebooks/{codebook}"),
            Value::Null,
        ))
        .await;
    let tree: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    let item = common::first_node(&tree, "item");

    // A workshop in each study, each with one participant who joined with its code.
    let role = common::first_node(&tree, "role");
    let mut workshops = Vec::new();
    for (token, study) in [(&coordinator, &study), (&other, &other_study)] {
        let res = app
            .send(as_user(
                token,
                "POST",
                &format!("/api/v1/studies/{study}/workshops"),
                serde_json::json!({"title": "Matrix", "role_ids": [role], "mode": "paced"}),
            ))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let created: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
        let res = app
            .send(
                Request::builder()
                    .method("POST")
                    .uri("/api/v1/join")
                    .header("content-type", "application/json")
                    .body(Body::from(
                        serde_json::json!({"code": created["code"], "display_name": "Deelnemer"})
                            .to_string(),
                    ))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let joined: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
        workshops.push((
            created["id"].as_str().unwrap().to_string(),
            joined["participant_token"].as_str().unwrap().to_string(),
        ));
    }
    let workshop = workshops[0].0.clone();
    let mut accounts = Vec::new();
    for (who, email) in emails {
        let token = credentials
            .iter()
            .find(|(w, _)| *w == who)
            .unwrap()
            .1
            .clone();
        let (status, cookie) = sign_in_as(&app, email, common::PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK);
        accounts.push(Account {
            who,
            email: email.to_string(),
            token,
            cookie: cookie.unwrap(),
        });
    }
    let credentials = vec![
        (Who::Participant, workshops[0].1.clone()),
        (Who::OtherParticipant, workshops[1].1.clone()),
    ];
    Some(World {
        app,
        interview,
        item,
        workshop,
        accounts,
        credentials,
        study,
        codebook,
        spare,
        interviewer: interviewer_id,
    })
}

/// Denied by the authorization layer (not by validation or a missing record of one's own).
fn denied(status: StatusCode, body: &Value) -> bool {
    let err = if body.get("error").is_some() {
        &body["error"]
    } else {
        body
    };
    let code = err["code"].as_str().unwrap_or_default();
    let message = err["message"].as_str().unwrap_or_default();
    match status {
        StatusCode::UNAUTHORIZED => {
            code == "unauthorized"
                && (message == "sign in first"
                    || message == "join the workshop with its code first")
        }
        StatusCode::FORBIDDEN => true,
        StatusCode::NOT_FOUND => {
            message.starts_with("no study with id")
                || message.starts_with("no interview with id")
                || message.starts_with("no workshop with id")
        }
        _ => false,
    }
}

async fn rest_routes_allow_and_deny_as_declared(kind: Kind) {
    let Some(mut w) = world(kind).await else {
        return;
    };
    let declared: Vec<(String, String, Access)> = server::api::v1::route_specs()
        .into_iter()
        .map(|s| (s.method.to_string(), s.path.to_string(), s.access))
        .collect();
    let reviewed: Vec<(String, String, Access)> = EXPECTED_REST
        .iter()
        .map(|(m, p, a)| (m.to_string(), p.to_string(), *a))
        .collect();
    for route in &declared {
        assert!(
            reviewed.contains(route),
            "route {} {} ({:?}) has no reviewed rule in EXPECTED_REST",
            route.0,
            route.1,
            route.2
        );
    }
    for route in &reviewed {
        assert!(
            declared.contains(route),
            "EXPECTED_REST lists {} {} ({:?}) but the router does not",
            route.0,
            route.1,
            route.2
        );
    }

    let mut failures = Vec::new();
    for spec in server::api::v1::route_specs() {
        let path = format!(
            "{}{}",
            server::api::v1::PREFIX,
            spec.path
                .replace("/codebooks/{id}", &format!("/codebooks/{}", w.codebook))
                .replace("/studies/{id}", &format!("/studies/{}", w.study))
                .replace("/interviews/{id}", &format!("/interviews/{}", w.interview))
                .replace("/workshops/{id}", &format!("/workshops/{}", w.workshop))
                .replace("{item_id}", &w.item)
                .replace("{key}", "job_titles")
                .replace("{user_id}", &w.spare)
                .replace("{invitation_id}", "00000000-0000-4000-8000-000000000000")
                .replace("{id}", "00000000-0000-4000-8000-000000000000")
        );
        for caller in callers() {
            let who = caller.0;
            let res = w
                .app
                .send(w.request(
                    caller,
                    spec.method.clone(),
                    &path,
                    "application/json",
                    "{}".into(),
                ))
                .await;
            let status = res.status();
            // A live stream does not end: that it started is the answer.
            let body: Value = if common::is_event_stream(&res) {
                Value::Null
            } else {
                serde_json::from_str(&common::body_text(res).await).unwrap_or(Value::Null)
            };
            let allowed = !denied(status, &body);
            let outsider = must_be_not_found(spec.access, who) && status != StatusCode::NOT_FOUND;
            if allowed != expected(spec.access, who, caller.1) || outsider {
                failures.push(format!(
                    "{} {} as {caller:?}: got {status} {body}",
                    spec.method, spec.path
                ));
            }
            if ENDS_CREDENTIALS.contains(&format!("{} {}", spec.method, spec.path).as_str()) {
                w.renew(who).await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorization differs from the declared rules:\n{}",
        failures.join("\n")
    );
    w.app.cleanup().await;
}

async fn server_functions_allow_and_deny_as_declared(kind: Kind) {
    let Some(mut w) = world(kind).await else {
        return;
    };
    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .collect();
    assert!(!registered.is_empty());
    let table = server::sfn::table();
    for declared in table.paths() {
        assert!(
            registered.iter().any(|p| p == declared),
            "server::sfn declares {declared} but no such server function exists"
        );
    }
    for path in &registered {
        let rule = table.access(path);
        let reviewed = EXPECTED_FNS.iter().find(|(p, _, _)| p == path);
        assert!(
            rule.is_some(),
            "server function {path} has no entry (access rule and service) in server::sfn"
        );
        assert!(
            reviewed.is_some_and(|(_, a, _)| Some(*a) == rule),
            "server function {path}: rule {rule:?} is not the reviewed one in EXPECTED_FNS"
        );
    }

    let mut failures = Vec::new();
    for (path, access, args) in EXPECTED_FNS {
        assert!(
            registered.iter().any(|p| p == path),
            "EXPECTED_FNS lists {path} but no such server function exists"
        );
        let (content_type, body) = encode(path, args, &w);
        for caller in callers() {
            let who = caller.0;
            let req = w.request(caller, Method::POST, path, content_type, body.clone());
            let res = w.app.send(req).await;
            let status = res.status();
            let value: Value =
                serde_json::from_str(&common::body_text(res).await).unwrap_or(Value::Null);
            let allowed = !denied(status, &value);
            let outsider = must_be_not_found(*access, who) && status != StatusCode::NOT_FOUND;
            if allowed != expected(*access, who, caller.1) || outsider {
                failures.push(format!("{path} as {caller:?}: got {status} {value}"));
            }
            if ENDS_CREDENTIALS.contains(&format!("POST {path}").as_str()) {
                w.renew(who).await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorization differs from the declared rules:\n{}",
        failures.join("\n")
    );
    w.app.cleanup().await;
}

/// The queues' functions take JSON (values that are JSON are sent as such), the others forms.
fn encode(path: &str, args: &[(&str, &str)], w: &World) -> (&'static str, String) {
    const JSON_FNS: [&str; 7] = [
        "/sfn/workshops/create",
        "/sfn/workshops/control",
        "/sfn/dashboard/aggregate",
        "/sfn/dashboard/set_thresholds",
        "/sfn/interviews/save",
        "/sfn/interviews/update",
        "/sfn/interviews/save_fields",
    ];
    if JSON_FNS.contains(&path) {
        let object: serde_json::Map<String, Value> = args
            .iter()
            .map(|(k, v)| {
                let v = w.fill(v);
                let value = serde_json::from_str(&v).unwrap_or(Value::String(v));
                (k.to_string(), value)
            })
            .collect();
        return ("application/json", Value::Object(object).to_string());
    }
    let form = args
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(&w.fill(v))))
        .collect::<Vec<_>>()
        .join("&");
    ("application/x-www-form-urlencoded", form)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Ending a session or revoking a token of someone else's is "no such session/token" (404), and
/// changes nothing; nor does any account's credential open the metrics.
async fn nobody_ends_another_users_credentials(kind: Kind) {
    let Some(w) = world(kind).await else { return };
    let (Some(me), Some(them)) = (
        w.account(Who::Member(StudyRole::Viewer)),
        w.account(Who::Member(StudyRole::Facilitator)),
    ) else {
        panic!("both accounts exist");
    };
    let bearer = |token: &str, method: Method, path: &str| {
        Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let sessions = |token: &str| {
        let req = bearer(token, Method::GET, "/api/v1/sessions");
        let app = &w.app;
        async move {
            serde_json::from_str::<Value>(&common::body_text(app.send(req).await).await).unwrap()
        }
    };
    let theirs = sessions(&them.token).await;
    let their_session = theirs[0]["id"].as_str().unwrap().to_string();
    let (_, their_tokens) = {
        let res = w
            .app
            .send(bearer(&them.token, Method::GET, "/api/v1/tokens"))
            .await;
        (
            res.status(),
            serde_json::from_str::<Value>(&common::body_text(res).await).unwrap(),
        )
    };
    let their_token = their_tokens[0]["id"].as_str().unwrap().to_string();
    for (via_cookie, path) in [
        (false, format!("/api/v1/sessions/{their_session}")),
        (true, format!("/api/v1/sessions/{their_session}")),
        (false, format!("/api/v1/tokens/{their_token}")),
        (true, format!("/api/v1/tokens/{their_token}")),
    ] {
        let via = if via_cookie { Via::Cookie } else { Via::Bearer };
        let req = w.request(
            (me.who, via),
            Method::DELETE,
            &path,
            "application/json",
            String::new(),
        );
        let res = w.app.send(req).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path} via {via:?}");
    }
    assert_eq!(
        sessions(&them.token).await.as_array().unwrap().len(),
        theirs.as_array().unwrap().len(),
        "their sessions are all there"
    );
    let res = w
        .app
        .send(bearer(&them.token, Method::GET, "/api/v1/studies"))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "their token still works");

    for caller in callers() {
        let req = w.request(caller, Method::GET, "/metrics", "text/plain", String::new());
        let res = w.app.send(req).await;
        assert_eq!(
            res.status(),
            StatusCode::UNAUTHORIZED,
            "/metrics as {caller:?}"
        );
    }
    w.app.cleanup().await;
}

on_both_databases!(
    rest_routes_allow_and_deny_as_declared,
    server_functions_allow_and_deny_as_declared,
    nobody_ends_another_users_credentials,
);
