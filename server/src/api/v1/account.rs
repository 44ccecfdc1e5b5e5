//! `/api/v1/session`, `/api/v1/sessions`, `/api/v1/tokens`.

use super::extract::PathIds;
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use serde::Deserialize;

use app::features::account::dto::{SessionInfo, SessionView, TokenRequest, TokenView};

use super::extract::JsonBody;
use crate::auth::cookie;
use crate::error::ServiceError;
use crate::services::{Ctx, accounts};
use app::domain::ids::{SessionId, TokenId};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SignIn {
    email: String,
    password: String,
}

/// Sign in
///
/// Sets the session cookie (HttpOnly, SameSite=Lax; Secure and with the `__Host-` prefix over
/// https). Any session the request came with ends: the session id always changes at sign-in.
#[utoipa::path(post, path = "/session", tag = "account",
    request_body = SignIn,
    responses(
        (status = 200, description = "Signed in", body = app::features::account::dto::UserView,
            headers(("set-cookie" = String, description = "The session cookie"))),
        (status = 401, description = "Wrong email or password (`reason`: `wrong_credentials`)"),
        (status = 429, description = "Too many failed attempts for this account or address",
            headers(("retry-after" = u64, description = "Seconds until the next attempt may succeed"))),
    ))]
pub async fn sign_in(ctx: Ctx, JsonBody(body): JsonBody<SignIn>) -> Result<Response, ServiceError> {
    let (user, token) = accounts::sign_in(&ctx, &body.email, &body.password).await?;
    let set = cookie::set(
        &ctx.auth,
        cookie::session_name(&ctx.auth),
        &token,
        ctx.auth.absolute_timeout.as_secs(),
    );
    Ok(([(header::SET_COOKIE, set)], Json(user)).into_response())
}

/// Who is signed in
#[utoipa::path(get, path = "/session", tag = "account",
    responses((status = 200, description = "The caller, if signed in", body = SessionInfo)))]
pub async fn whoami(ctx: Ctx) -> Result<Json<SessionInfo>, ServiceError> {
    Ok(Json(accounts::whoami(&ctx)?))
}

/// Sign out this session
#[utoipa::path(delete, path = "/session", tag = "account",
    responses((status = 204, description = "Signed out; the cookie is cleared")))]
pub async fn sign_out(ctx: Ctx) -> Result<Response, ServiceError> {
    accounts::sign_out(&ctx).await?;
    let clear = cookie::clear(&ctx.auth, cookie::session_name(&ctx.auth));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

/// My active sessions
#[utoipa::path(get, path = "/sessions", tag = "account",
    responses((status = 200, description = "Sessions that have not ended", body = Vec<SessionView>)))]
pub async fn sessions(ctx: Ctx) -> Result<Json<Vec<SessionView>>, ServiceError> {
    Ok(Json(accounts::sessions(&ctx).await?))
}

/// Sign out everywhere
///
/// Ends every session of the caller, this one included.
#[utoipa::path(delete, path = "/sessions", tag = "account",
    responses((status = 200, description = "How many sessions ended", body = super::openapi::Ended)))]
pub async fn sign_out_everywhere(ctx: Ctx) -> Result<Response, ServiceError> {
    let ended = accounts::sign_out_everywhere(&ctx).await?;
    let clear = cookie::clear(&ctx.auth, cookie::session_name(&ctx.auth));
    Ok((
        [(header::SET_COOKIE, clear)],
        Json(serde_json::json!({ "ended": ended })),
    )
        .into_response())
}

/// End one of my sessions
#[utoipa::path(delete, path = "/sessions/{id}", tag = "account",
    params(("id" = app::domain::ids::SessionId, Path, description = "The session")),
    responses(
        (status = 204, description = "Ended"),
        (status = 404, description = "Not one of my sessions"),
    ))]
pub async fn revoke_session(
    ctx: Ctx,
    PathIds(id): PathIds<SessionId>,
) -> Result<StatusCode, ServiceError> {
    accounts::revoke_session(&ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Create an API token
///
/// A bearer token for scripts (`Authorization: Bearer <token>`); the secret is in this response
/// only. Needs the caller's current password and a signed-in session (not another token).
/// `scope`: `read` (the default: GET only) or `read_write`; `expires_in_days`: 1 to 365, 90 by
/// default.
#[utoipa::path(post, path = "/tokens", tag = "account",
    request_body = TokenRequest,
    responses(
        (status = 201, description = "Created; `token` is the secret", body = app::features::account::dto::NewToken),
        (status = 403, description = "Called with a token (`reason`: `session_required`)"),
        (status = 422, description = "A name of 1 to 200 characters, 1 to 365 days, and the right current password (`reason`: `wrong_password`) are needed"),
        (status = 429, description = "Too many wrong passwords"),
    ))]
pub async fn create_token(
    ctx: Ctx,
    JsonBody(body): JsonBody<TokenRequest>,
) -> Result<Response, ServiceError> {
    Ok((
        StatusCode::CREATED,
        Json(accounts::create_token(&ctx, &body).await?),
    )
        .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordChange {
    current_password: String,
    new_password: String,
}

/// Change my password
///
/// Needs the current password. The new one has at least 12 characters and is not among the
/// common ones. Every other session ends and every API token is revoked; this session stays.
#[utoipa::path(put, path = "/account/password", tag = "account",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 403, description = "Called with a token (`reason`: `session_required`)"),
        (status = 422, description = "Wrong current password (`reason`: `wrong_password`), or a new one that is too short (`password_too_short`) or too common (`password_too_common`)"),
        (status = 429, description = "Too many wrong passwords"),
    ))]
pub async fn change_password(
    ctx: Ctx,
    JsonBody(body): JsonBody<PasswordChange>,
) -> Result<StatusCode, ServiceError> {
    accounts::change_password(&ctx, &body.current_password, &body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// My API tokens (never their secrets)
#[utoipa::path(get, path = "/tokens", tag = "account",
    responses((status = 200, description = "Every token, revoked ones too", body = Vec<TokenView>)))]
pub async fn tokens(ctx: Ctx) -> Result<Json<Vec<TokenView>>, ServiceError> {
    Ok(Json(accounts::tokens(&ctx).await?))
}

/// Revoke an API token
#[utoipa::path(delete, path = "/tokens/{id}", tag = "account",
    params(("id" = app::domain::ids::TokenId, Path, description = "The token")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "Not my token"),
    ))]
pub async fn revoke_token(
    ctx: Ctx,
    PathIds(id): PathIds<TokenId>,
) -> Result<StatusCode, ServiceError> {
    accounts::revoke_token(&ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
