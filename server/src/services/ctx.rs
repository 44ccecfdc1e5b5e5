//! What every service call carries: the database, the auth settings, and who is asking.

use std::sync::Arc;

use crate::auth::AuthConfig;
use crate::auth::identity::{Principal, RequestMeta, UserCtx};
use crate::db::Db;
use crate::state::AppState;

#[derive(Clone)]
pub struct Ctx {
    /// The database, with this instance's writer turn and caches.
    pub db: Db,
    pub auth: Arc<AuthConfig>,
    pub principal: Principal,
    pub meta: RequestMeta,
    /// The journal's group-commit writers and event bus; without them (command-line tools)
    /// each write commits on its own and nothing is announced.
    pub writers: Option<super::writers::Writers>,
    /// The live aggregates; none for command-line tools.
    pub live: Option<crate::live::Hub>,
    /// The instance's turns for password hashing.
    pub passwords: crate::auth::password::Passwords,
}

impl Ctx {
    /// From the state and the request's extensions, where `auth::principal::resolve` left them.
    pub fn from_parts(state: &AppState, extensions: &http::Extensions) -> Ctx {
        Ctx {
            db: state.db.clone(),
            auth: state.auth.clone(),
            principal: Principal::of(extensions),
            meta: extensions.get::<RequestMeta>().cloned().unwrap_or_default(),
            writers: Some(state.writers.clone()),
            live: Some(state.live.clone()),
            passwords: state.passwords.clone(),
        }
    }

    /// For tools, the demo and tests: acting for an account without a session or token.
    pub fn acting_as(db: impl Into<Db>, user: UserCtx) -> Ctx {
        Ctx {
            principal: Principal::User(user),
            ..Ctx::system(db)
        }
    }

    /// For the command line and start-up: nobody in particular. A plain connection gets a
    /// handle of its own (its own caches); pass the instance's `Db` to share its caches.
    pub fn system(db: impl Into<Db>) -> Ctx {
        Ctx {
            db: db.into(),
            auth: Arc::new(AuthConfig::default()),
            principal: Principal::Anonymous,
            meta: RequestMeta::default(),
            writers: None,
            live: None,
            passwords: crate::auth::password::Passwords::default(),
        }
    }

    /// A study's live state, with this instance's own writes applied (a client reads what it
    /// wrote). Only a running server has live views.
    pub async fn live_study(
        &self,
        study: app::domain::ids::StudyId,
    ) -> Result<Arc<crate::live::StudyLive>, crate::error::ServiceError> {
        let hub = self.live.as_ref().ok_or_else(|| {
            crate::error::ServiceError::Internal("live views need a running server".into())
        })?;
        let live = hub.study(study).await?;
        hub.settle().await;
        Ok(live)
    }

    /// After a commit: announces its last event to this instance's live views.
    pub fn published(&self, last: Option<i64>) {
        if let (Some(writers), Some(id)) = (&self.writers, last) {
            writers.events.published(id);
        }
    }
}
