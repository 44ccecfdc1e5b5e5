//! The table itself: each server function's access rule and service call, by path.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use app::ports::Boxed;
use leptos::server_fn::ServerFn;

use crate::auth::policy::Access;
use crate::error::ServiceError;
use crate::services::Ctx;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
pub(super) type Handler =
    Arc<dyn Fn(Ctx, Boxed) -> BoxFuture<Result<Boxed, ServiceError>> + Send + Sync>;

pub(super) struct Entry {
    pub(super) access: Access,
    pub(super) handler: Handler,
    /// The largest body its arguments may take.
    pub(super) body_limit: usize,
}

/// Every server function's access rule and service call, by path.
#[derive(Default)]
pub struct Table(pub(super) HashMap<&'static str, Entry>);

impl Table {
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
        let entry = Entry {
            access,
            handler,
            body_limit: crate::http::BODY_LIMIT,
        };
        let previous = self.0.insert(F::PATH, entry);
        debug_assert!(previous.is_none(), "{} is declared twice", F::PATH);
    }

    /// Lets server function `F` (a file import) take bodies up to the import limit.
    pub fn allow_large_body<F: ServerFn>(&mut self) {
        if let Some(entry) = self.0.get_mut(F::PATH) {
            entry.body_limit = crate::http::IMPORT_LIMIT;
        }
    }

    /// The largest body the server function at `path` takes.
    pub fn body_limit(&self, path: &str) -> usize {
        self.0
            .get(path)
            .map_or(crate::http::BODY_LIMIT, |e| e.body_limit)
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
