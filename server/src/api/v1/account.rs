//! `/api/v1/session`, `/api/v1/sessions`, `/api/v1/tokens`.

use super::extract::PathIds;
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use serde::Deserialize;

use app::features::account::dto::{SessionInfo, SessionView, TokenView};

use super::extract::JsonBody;
use crate::auth::cookie;
use crate::error::ServiceError;
use crate::services::{Ctx, accounts};
use app::domain::ids::{SessionId, TokenId};

#[derive(Deserialize)]
pub struct SignIn {
    email: String,
    password: String,
}

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

pub async fn whoami(ctx: Ctx) -> Result<Json<SessionInfo>, ServiceError> {
    Ok(Json(accounts::whoami(&ctx)?))
}

pub async fn sign_out(ctx: Ctx) -> Result<Response, ServiceError> {
    accounts::sign_out(&ctx).await?;
    let clear = cookie::clear(&ctx.auth, cookie::session_name(&ctx.auth));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

pub async fn sessions(ctx: Ctx) -> Result<Json<Vec<SessionView>>, ServiceError> {
    Ok(Json(accounts::sessions(&ctx).await?))
}

pub async fn sign_out_everywhere(ctx: Ctx) -> Result<Response, ServiceError> {
    let ended = accounts::sign_out_everywhere(&ctx).await?;
    let clear = cookie::clear(&ctx.auth, cookie::session_name(&ctx.auth));
    Ok((
        [(header::SET_COOKIE, clear)],
        Json(serde_json::json!({ "ended": ended })),
    )
        .into_response())
}

pub async fn revoke_session(
    ctx: Ctx,
    PathIds(id): PathIds<SessionId>,
) -> Result<StatusCode, ServiceError> {
    accounts::revoke_session(&ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct NewTokenBody {
    name: String,
}

pub async fn create_token(
    ctx: Ctx,
    JsonBody(body): JsonBody<NewTokenBody>,
) -> Result<Response, ServiceError> {
    Ok((
        StatusCode::CREATED,
        Json(accounts::create_token(&ctx, &body.name).await?),
    )
        .into_response())
}

pub async fn tokens(ctx: Ctx) -> Result<Json<Vec<TokenView>>, ServiceError> {
    Ok(Json(accounts::tokens(&ctx).await?))
}

pub async fn revoke_token(
    ctx: Ctx,
    PathIds(id): PathIds<TokenId>,
) -> Result<StatusCode, ServiceError> {
    accounts::revoke_token(&ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
