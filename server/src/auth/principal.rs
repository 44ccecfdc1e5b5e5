//! Who is calling. Resolved once per request by [`resolve`] and stored in the request's
//! extensions, where REST handlers (via `Ctx`) and server functions (via the Leptos `Parts`)
//! both find it.

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use http::{HeaderMap, StatusCode, header};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

pub use super::identity::{ParticipantCtx, Principal, RequestMeta, UserCtx};

use super::cache::Login;
use super::{AuthConfig, cookie, secret};
use crate::db::Db;
use crate::db::entities::{api_token, participant, session, user};
use crate::error::api_error;
use crate::state::AppState;
use app::error::ErrorCode;

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

/// What a read-only token may ask. Server functions are POSTs, reads among them too, so a
/// read-only token reaches only the REST API's GETs and live streams.
fn is_read(method: &http::Method) -> bool {
    matches!(*method, http::Method::GET | http::Method::HEAD)
}

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let ip = super::client_addr::client_addr(peer, req.headers(), &state.auth.trusted_proxies)
        .map(|ip| ip.to_string());
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(500).collect());
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| h.len() <= 255)
        .map(str::to_string);
    let principal = if let Some(token) = bearer(req.headers()) {
        match by_token(&state.db, token).await {
            Ok(Some(user)) if user.read_only && !is_read(req.method()) => {
                return super::policy::read_only_refusal().into_response();
            }
            Ok(Some(user)) => Principal::User(user),
            Ok(None) => {
                return api_error(
                    StatusCode::UNAUTHORIZED,
                    ErrorCode::Unauthorized,
                    "the bearer token is unknown, expired or revoked",
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
    req.extensions_mut().insert(RequestMeta {
        ip,
        user_agent,
        host,
    });
    next.run(req).await
}

async fn from_cookies(
    db: &Db,
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
    db: &Db,
    cfg: &AuthConfig,
    value: &str,
) -> Result<Option<UserCtx>, sea_orm::DbErr> {
    let key = secret::hash(value);
    let Some((login, generation)) = cached(db, &key, load_session(db, &key)).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    let idle =
        chrono::Duration::from_std(cfg.idle_timeout).unwrap_or(chrono::Duration::minutes(30));
    let ended = login.expires_at.is_some_and(|at| at <= now)
        || login.last_seen_at.is_some_and(|at| at + idle <= now);
    let Some(session_id) = login.user.session_id.clone() else {
        return Ok(None);
    };
    if ended {
        session::Entity::delete_by_id(session_id).exec(db).await?;
        db.auth_cache.forget_logins();
        return Ok(None);
    }
    if stale_mark(&login, now) {
        let write = db.begin_write().await?;
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(session_id))
            .exec(&write.txn)
            .await?;
        write.commit().await?;
        db.auth_cache.remember_login(
            key,
            Login {
                last_seen_at: Some(now),
                ..login.clone()
            },
            generation,
        );
    }
    Ok(Some(login.user))
}

async fn load_session(db: &DatabaseConnection, key: &str) -> Result<Option<Login>, sea_orm::DbErr> {
    let Some(s) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(key))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(s.user_id.clone()).one(db).await? else {
        return Ok(None);
    };
    Ok(Some(Login {
        user: UserCtx {
            id: u.id,
            email: u.email,
            name: u.name,
            session_id: Some(s.id),
            token_id: None,
            read_only: false,
        },
        expires_at: Some(s.expires_at),
        last_seen_at: Some(s.last_seen_at),
    }))
}

async fn by_token(db: &Db, value: &str) -> Result<Option<UserCtx>, crate::error::ServiceError> {
    let key = secret::hash(value);
    let Some((login, generation)) = cached(db, &key, load_token(db, &key)).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    // A token remembered a moment before it expired.
    if login.expires_at.is_some_and(|at| at <= now) {
        return Ok(None);
    }
    if let (true, Some(token_id)) = (stale_mark(&login, now), login.user.token_id.clone()) {
        let write = db.begin_write().await?;
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(Some(now)))
            .filter(api_token::Column::Id.eq(token_id))
            .exec(&write.txn)
            .await?;
        write.commit().await?;
        db.auth_cache.remember_login(
            key,
            Login {
                last_seen_at: Some(now),
                ..login.clone()
            },
            generation,
        );
    }
    Ok(Some(login.user))
}

async fn load_token(db: &DatabaseConnection, key: &str) -> Result<Option<Login>, sea_orm::DbErr> {
    let Some(t) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(key))
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(api_token::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let read_only = match t.scope.as_str() {
        "read" => true,
        "read_write" => false,
        other => {
            return Err(sea_orm::DbErr::Type(format!(
                "token {} has the unknown scope {other:?}",
                t.id
            )));
        }
    };
    let Some(u) = user::Entity::find_by_id(t.user_id.clone()).one(db).await? else {
        return Ok(None);
    };
    Ok(Some(Login {
        user: UserCtx {
            id: u.id,
            email: u.email,
            name: u.name,
            session_id: None,
            token_id: Some(t.id),
            read_only,
        },
        expires_at: t.expires_at,
        last_seen_at: t.last_used_at,
    }))
}

/// The login under this credential hash, from the cache or else from `load`, with the cache
/// generation it belongs to. Unknown credentials are not remembered, so guessing cannot fill
/// the cache.
async fn cached(
    db: &Db,
    key: &str,
    load: impl std::future::Future<Output = Result<Option<Login>, sea_orm::DbErr>>,
) -> Result<Option<(Login, u64)>, sea_orm::DbErr> {
    let generation = db.auth_cache.generation();
    if let Some(hit) = db.auth_cache.login(key) {
        return Ok(Some((hit, generation)));
    }
    let found = load.await?;
    if let Some(login) = &found {
        db.auth_cache
            .remember_login(key.to_string(), login.clone(), generation);
    }
    Ok(found.map(|login| (login, generation)))
}

/// Whether the stored last-use time should be brought up to date: writing it on every request
/// would serialise reads behind the SQLite writer, and a minute is precise enough.
fn stale_mark(login: &Login, now: chrono::DateTime<Utc>) -> bool {
    login
        .last_seen_at
        .is_none_or(|at| now - at > chrono::Duration::seconds(60))
}
