//! The door for Leptos server functions. Each server function has one entry in [`Table`]: its
//! access rule and its service call side by side (`account.rs`, `studies.rs`, …). The rule is
//! checked here before the arguments are decoded; study-scoped rules are checked again by the
//! service once it knows the study. A server function without an entry is refused, and so is a
//! call made for another account than the one signed in (`auth::account_mark`).

mod account;
mod codebooks;
mod dashboard;
mod interviews;
mod status;
mod studies;
mod table;
mod workshops;

pub use table::Table;

use std::sync::Arc;

use app::ports::{Backend, Boxed, SharedBackend};
use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{Request, StatusCode};
use leptos::prelude::{provide_context, use_context};

use crate::auth::principal::Principal;
use crate::auth::{account_mark, policy};
use crate::error::ServiceError;
use crate::services::Ctx;
use crate::state::AppState;

/// Every server function of the app, declared once each.
pub fn table() -> Table {
    let mut t = Table::default();
    account::routes(&mut t);
    codebooks::routes(&mut t);
    studies::routes(&mut t);
    dashboard::routes(&mut t);
    interviews::routes(&mut t);
    workshops::routes(&mut t);
    status::routes(&mut t);
    t
}

/// What the server functions call: the table, with the request's `Ctx` made from the state.
struct ServiceBackend {
    state: AppState,
    table: Arc<Table>,
}

/// The backend that pages (server-side rendering) and server-function requests provide.
pub fn backend(state: AppState, table: Arc<Table>) -> SharedBackend {
    Arc::new(ServiceBackend { state, table })
}

#[async_trait::async_trait]
impl Backend for ServiceBackend {
    async fn call(&self, path: &'static str, args: Boxed) -> Result<Boxed, app::error::AppError> {
        let entry = self.table.0.get(path).ok_or_else(|| {
            ServiceError::Internal(format!("server function {path} has no entry"))
        })?;
        let ctx = match use_context::<http::request::Parts>() {
            Some(parts) => Ctx::from_parts(&self.state, &parts.extensions),
            None => Ctx::system(self.state.db.clone()),
        };
        Ok((entry.handler)(ctx, args).await?)
    }
}

pub async fn handle(
    State(state): State<AppState>,
    Extension(table): Extension<Arc<Table>>,
    req: Request<Body>,
) -> Response {
    let principal = Principal::of(req.extensions());
    let decision = match table.access(req.uri().path()) {
        None => Err(ServiceError::Forbidden(
            "this server function has no access rule".into(),
        )),
        Some(access) => match account_mark::check(req.headers(), &principal) {
            Ok(()) => policy::at_the_door(&state.db, &principal, access, None).await,
            Err(e) => Err(e),
        },
    };
    if let Err(e) = decision {
        // Server functions speak `AppError` directly (no `{"error": …}` envelope).
        let status = e.status();
        return (status, axum::Json(e.to_app_error())).into_response();
    }
    let limit = table.body_limit(req.uri().path());
    let req = match within_limit(req, limit).await {
        Ok(req) => req,
        Err(e) => return (e.status(), axum::Json(e.to_app_error())).into_response(),
    };
    let backend = backend(state, table);
    let res =
        leptos_axum::handle_server_fns_with_context(move || provide_context(backend.clone()), req)
            .await
            .into_response();
    if res.status() == StatusCode::INTERNAL_SERVER_ERROR {
        return malformed_arguments_are_400(res).await;
    }
    res
}

/// The request with its body read, or 413 when the body is larger than `limit` (every server
/// function takes 2 MiB, imports 16 MiB: an anonymous sign-in has no business sending more).
async fn within_limit(req: Request<Body>, limit: usize) -> Result<Request<Body>, ServiceError> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        ServiceError::TooLarge(format!(
            "the arguments are larger than this server function takes ({limit} bytes)"
        ))
    })?;
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Leptos answers arguments that do not decode with 500; they are the caller's mistake, so the
/// status becomes 400 (the body, `AppError` code `malformed`, names the argument).
async fn malformed_arguments_are_400(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if serde_json::from_slice::<app::error::AppError>(&bytes)
        .is_ok_and(|e| e.code == app::error::ErrorCode::Malformed)
    {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
