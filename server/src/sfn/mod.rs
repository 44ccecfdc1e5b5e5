//! The door for Leptos server functions. Each server function has one entry in [`Table`]: its
//! access rule and its service call side by side (`account.rs`, `studies.rs`, …). The rule is
//! checked here before the arguments are decoded; study-scoped rules are checked again by the
//! service once it knows the study. A server function without an entry is refused.

mod account;
mod codebooks;
mod interviews;
mod status;
mod studies;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use app::ports::{Backend, Boxed, SharedBackend};
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{Request, StatusCode};
use leptos::prelude::{provide_context, use_context};
use leptos::server_fn::ServerFn;

use crate::auth::policy::{self, Access};
use crate::auth::principal::Principal;
use crate::error::ServiceError;
use crate::services::Ctx;
use crate::state::AppState;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type Handler = Arc<dyn Fn(Ctx, Boxed) -> BoxFuture<Result<Boxed, ServiceError>> + Send + Sync>;

struct Entry {
    access: Access,
    handler: Handler,
}

/// Every server function's access rule and service call, by path.
#[derive(Default)]
pub struct Table(HashMap<&'static str, Entry>);

impl Table {
    /// The whole table, built once per router.
    pub fn new() -> Table {
        let mut t = Table::default();
        account::routes(&mut t);
        codebooks::routes(&mut t);
        studies::routes(&mut t);
        interviews::routes(&mut t);
        status::routes(&mut t);
        t
    }

    /// Declares server function `F`: who may call it and which service answers it.
    pub fn add<F, H, Fut>(&mut self, access: Access, handler: H)
    where
        F: ServerFn + 'static,
        F::Output: 'static,
        H: Fn(Ctx, F) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<F::Output, ServiceError>> + Send + 'static,
    {
        let handler = Arc::new(move |ctx: Ctx, args: Boxed| -> BoxFuture<_> {
            match args.downcast::<F>() {
                Ok(args) => {
                    let fut = handler(ctx, *args);
                    Box::pin(async move { fut.await.map(|out| Box::new(out) as Boxed) })
                }
                Err(_) => Box::pin(async move {
                    Err(ServiceError::Internal(format!(
                        "{} was called with other arguments",
                        F::PATH
                    )))
                }),
            }
        });
        let previous = self.0.insert(F::PATH, Entry { access, handler });
        debug_assert!(previous.is_none(), "{} is declared twice", F::PATH);
    }

    /// The declared rule of the server function at `path`, if it has one.
    pub fn access(&self, path: &str) -> Option<Access> {
        self.0.get(path).map(|e| e.access)
    }

    /// Every declared path.
    pub fn paths(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.keys().copied()
    }
}

/// What the server functions call: the table, with the request's `Ctx` made from the state.
struct ServiceBackend {
    state: AppState,
}

/// The backend that pages (server-side rendering) and server-function requests provide.
pub fn backend(state: AppState) -> SharedBackend {
    Arc::new(ServiceBackend { state })
}

#[async_trait::async_trait]
impl Backend for ServiceBackend {
    async fn call(&self, path: &'static str, args: Boxed) -> Result<Boxed, app::error::AppError> {
        let entry = self.state.server_fns.0.get(path).ok_or_else(|| {
            ServiceError::Internal(format!("server function {path} has no entry"))
        })?;
        let ctx = match use_context::<http::request::Parts>() {
            Some(parts) => Ctx::from_parts(&self.state, &parts.extensions),
            None => Ctx::system(self.state.db.clone()),
        };
        Ok((entry.handler)(ctx, args).await?)
    }
}

pub async fn handle(State(state): State<AppState>, req: Request<Body>) -> Response {
    let principal = req
        .extensions()
        .get::<Principal>()
        .cloned()
        .unwrap_or_default();
    let decision = match state.server_fns.access(req.uri().path()) {
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
    let backend = backend(state);
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
    if serde_json::from_slice::<app::error::AppError>(&bytes)
        .is_ok_and(|e| e.code == app::error::ErrorCode::Malformed)
    {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
