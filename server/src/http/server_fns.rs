//! The door for Leptos server functions: each path has a declared access rule, checked here
//! before the function runs; study-scoped functions are further checked by their service.
//! A server function without a rule is refused, so none can slip in unguarded.

use app::domain::access::Permission;
use app::error::AppError;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{Request, StatusCode};
use leptos::prelude::provide_context;

use crate::auth::policy::{self, Access};
use crate::auth::principal::Principal;
use crate::backend;
use crate::error::ServiceError;
use crate::state::AppState;

pub const RULES: &[(&str, Access)] = &[
    ("/sfn/system_status", Access::Public),
    ("/sfn/account/whoami", Access::Public),
    ("/sfn/account/sign_in", Access::Public),
    ("/sfn/account/sign_out", Access::SignedIn),
    ("/sfn/account/sign_out_everywhere", Access::SignedIn),
    ("/sfn/account/sessions", Access::SignedIn),
    ("/sfn/account/revoke_session", Access::SignedIn),
    ("/sfn/account/tokens", Access::SignedIn),
    ("/sfn/account/create_token", Access::SignedIn),
    ("/sfn/account/revoke_token", Access::SignedIn),
    ("/sfn/codebooks/list", Access::SignedIn),
    ("/sfn/codebooks/get", Access::SignedIn),
    ("/sfn/codebooks/import", Access::SignedIn),
    ("/sfn/studies/list", Access::SignedIn),
    ("/sfn/studies/create", Access::SignedIn),
    ("/sfn/studies/get", Access::Study(Permission::Read)),
    (
        "/sfn/studies/members",
        Access::Study(Permission::Coordinate),
    ),
    (
        "/sfn/studies/add_member",
        Access::Study(Permission::Coordinate),
    ),
    (
        "/sfn/studies/change_member_role",
        Access::Study(Permission::Coordinate),
    ),
    (
        "/sfn/studies/remove_member",
        Access::Study(Permission::Coordinate),
    ),
    ("/sfn/studies/audit", Access::Study(Permission::Coordinate)),
    ("/sfn/interviews/list", Access::Study(Permission::Read)),
    (
        "/sfn/interviews/create",
        Access::Study(Permission::Interview),
    ),
    ("/sfn/interviews/get", Access::Interview(Permission::Read)),
    (
        "/sfn/interviews/save",
        Access::Interview(Permission::Interview),
    ),
    (
        "/sfn/interviews/update",
        Access::Interview(Permission::Interview),
    ),
    (
        "/sfn/interviews/save_fields",
        Access::Interview(Permission::Interview),
    ),
    (
        "/sfn/interviews/history",
        Access::Interview(Permission::Read),
    ),
    ("/sfn/interviews/aspects", Access::Study(Permission::Read)),
    (
        "/sfn/interviews/assign_interviewer",
        Access::Interview(Permission::Coordinate),
    ),
];

pub fn access(path: &str) -> Option<Access> {
    RULES.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}

pub async fn handle(State(state): State<AppState>, req: Request<Body>) -> Response {
    let principal = req
        .extensions()
        .get::<Principal>()
        .cloned()
        .unwrap_or_default();
    let decision = match access(req.uri().path()) {
        None => Err(ServiceError::Forbidden(
            "this server function has no access rule".into(),
        )),
        Some(Access::Public) => Ok(()),
        // The study is in the arguments: its service checks membership once they are decoded.
        Some(Access::SignedIn | Access::Study(_) | Access::Interview(_)) => {
            policy::signed_in(&principal).map(|_| ())
        }
    };
    if let Err(e) = decision {
        // Server functions speak `AppError` directly (no `{"error": …}` envelope).
        let status = e.status();
        return (status, axum::Json(e.to_app_error())).into_response();
    }
    let backend = backend::shared(state);
    let res =
        leptos_axum::handle_server_fns_with_context(move || provide_context(backend.clone()), req)
            .await
            .into_response();
    if res.status() == StatusCode::INTERNAL_SERVER_ERROR {
        return malformed_arguments_are_400(res).await;
    }
    res
}

/// Leptos answers arguments that do not decode with 500; they are the caller's mistake, so the
/// status becomes 400 (the body, `AppError` code `malformed`, names the argument).
async fn malformed_arguments_are_400(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if serde_json::from_slice::<AppError>(&bytes)
        .is_ok_and(|e| e.code == app::error::ErrorCode::Malformed)
    {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
