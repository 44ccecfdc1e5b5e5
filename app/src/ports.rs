//! The one door from a server function (declared in `app`) to the server's services.
//!
//! A server function's body is one line: `ports::call(TheFunction { args })`. The server keeps a
//! table from each server function to its access rule and its service call, side by side
//! (`server::sfn`); `call` hands the decoded arguments over and takes the typed result back.
//! Services (validation, authorization, persistence) therefore live once, in `server::services`.

use std::any::Any;
use std::sync::Arc;

use leptos::server_fn::ServerFn;

use crate::error::{AppError, ErrorCode};

/// A server function's arguments or result on their way through the door.
pub type Boxed = Box<dyn Any + Send>;

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// Runs the server function at `path` with its decoded arguments.
    async fn call(&self, path: &'static str, args: Boxed) -> Result<Boxed, AppError>;
}

pub type SharedBackend = Arc<dyn Backend>;

/// Runs server function `F` through the backend installed for this request.
pub async fn call<F>(args: F) -> Result<F::Output, AppError>
where
    F: ServerFn + 'static,
    F::Output: 'static,
{
    let backend = leptos::prelude::use_context::<SharedBackend>()
        .ok_or_else(|| internal("no backend in the request context"))?;
    let out = backend.call(F::PATH, Box::new(args)).await?;
    out.downcast::<F::Output>()
        .map(|b| *b)
        .map_err(|_| internal(&format!("{} answered with another type", F::PATH)))
}

fn internal(message: &str) -> AppError {
    AppError::new(ErrorCode::Internal, message)
}
