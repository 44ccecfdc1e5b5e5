//! Who is calling. Resolved once per request by [`resolve`] and stored in the request's
//! extensions, where REST handlers (via `Ctx`) and server functions (via the Leptos `Parts`)
//! both find it.

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use http::{HeaderMap, StatusCode, header};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

use super::{AuthConfig, cookie, secret};
use crate::db::entities::{api_token, participant, session, user};
use crate::error::api_error;
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCtx {
    pub id: String,
    pub email: String,
    pub name: String,
    /// Set when signed in by cookie.
    pub session_id: Option<String>,
    /// Set when calling with a bearer token.
    pub token_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantCtx {
    pub id: String,
    pub workshop_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Principal {
    #[default]
    Anonymous,
    User(UserCtx),
    Participant(ParticipantCtx),
}

/// Facts about the request that sessions and the throttle record.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(500).collect());
    let principal = if let Some(token) = bearer(req.headers()) {
        match by_token(&state.db, token).await {
            Ok(Some(user)) => Principal::User(user),
            Ok(None) => {
                return api_error(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "the bearer token is unknown or revoked",
                );
            }
            Err(e) => return e.into_response(),
        }
    } else {
        match from_cookies(&state.db, &state.auth, req.headers()).await {
            Ok(p) => p,
            Err(e) => return e.into_response(),
        }
    };
    req.extensions_mut().insert(principal);
    req.extensions_mut().insert(RequestMeta { ip, user_agent });
    next.run(req).await
}

async fn from_cookies(
    db: &DatabaseConnection,
    cfg: &AuthConfig,
    headers: &HeaderMap,
) -> Result<Principal, crate::error::ServiceError> {
    if let Some(value) = cookie::read(headers, cookie::session_name(cfg)) {
        if let Some(user) = by_session(db, cfg, value).await? {
            return Ok(Principal::User(user));
        }
    }
    if let Some(value) = cookie::read(headers, cookie::participant_name(cfg)) {
        let found = participant::Entity::find()
            .filter(participant::Column::TokenHash.eq(secret::hash(value)))
            .one(db)
            .await?;
        if let Some(p) = found {
            return Ok(Principal::Participant(ParticipantCtx {
                id: p.id,
                workshop_id: p.workshop_id,
            }));
        }
    }
    Ok(Principal::Anonymous)
}

/// A live session: not past its absolute expiry and used within the idle timeout.
async fn by_session(
    db: &DatabaseConnection,
    cfg: &AuthConfig,
    value: &str,
) -> Result<Option<UserCtx>, sea_orm::DbErr> {
    let Some(s) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(secret::hash(value)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    let idle =
        chrono::Duration::from_std(cfg.idle_timeout).unwrap_or(chrono::Duration::minutes(30));
    if s.expires_at <= now || s.last_seen_at + idle <= now {
        session::Entity::delete_by_id(s.id).exec(db).await?;
        return Ok(None);
    }
    let Some(u) = user::Entity::find_by_id(s.user_id.clone()).one(db).await? else {
        return Ok(None);
    };
    // Writing on every request would serialise reads behind the SQLite writer: a minute is precise enough.
    if now - s.last_seen_at > chrono::Duration::seconds(60) {
        let mut active: session::ActiveModel = s.clone().into();
        active.last_seen_at = Set(now);
        let write = crate::db::begin_write(db).await?;
        active.update(&write.txn).await?;
        write.commit().await?;
    }
    Ok(Some(UserCtx {
        id: u.id,
        email: u.email,
        name: u.name,
        session_id: Some(s.id),
        token_id: None,
    }))
}

async fn by_token(
    db: &DatabaseConnection,
    value: &str,
) -> Result<Option<UserCtx>, crate::error::ServiceError> {
    let Some(t) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(secret::hash(value)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(t.user_id.clone()).one(db).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    if t.last_used_at
        .is_none_or(|at| now - at > chrono::Duration::seconds(60))
    {
        let mut active: api_token::ActiveModel = t.clone().into();
        active.last_used_at = Set(Some(now));
        let write = crate::db::begin_write(db).await?;
        active.update(&write.txn).await?;
        write.commit().await?;
    }
    Ok(Some(UserCtx {
        id: u.id,
        email: u.email,
        name: u.name,
        session_id: None,
        token_id: Some(t.id),
    }))
}
