//! Server functions for signing in and out, sessions and tokens.

use leptos::prelude::*;

use super::dto::{NewToken, SessionInfo, SessionView, TokenView, UserView};
use crate::error::AppError;

#[server(prefix = "/sfn", endpoint = "account/whoami")]
pub async fn whoami() -> Result<SessionInfo, AppError> {
    crate::ports::backend()?.whoami().await
}

#[server(prefix = "/sfn", endpoint = "account/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<UserView, AppError> {
    crate::ports::backend()?.sign_in(email, password).await
}

#[server(prefix = "/sfn", endpoint = "account/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::ports::backend()?.sign_out().await
}

#[server(prefix = "/sfn", endpoint = "account/sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<u64, AppError> {
    crate::ports::backend()?.sign_out_everywhere().await
}

#[server(prefix = "/sfn", endpoint = "account/sessions")]
pub async fn list_sessions() -> Result<Vec<SessionView>, AppError> {
    crate::ports::backend()?.list_sessions().await
}

#[server(prefix = "/sfn", endpoint = "account/revoke_session")]
pub async fn revoke_session(id: String) -> Result<(), AppError> {
    crate::ports::backend()?.revoke_session(id).await
}

#[server(prefix = "/sfn", endpoint = "account/tokens")]
pub async fn list_tokens() -> Result<Vec<TokenView>, AppError> {
    crate::ports::backend()?.list_tokens().await
}

#[server(prefix = "/sfn", endpoint = "account/create_token")]
pub async fn create_token(name: String) -> Result<NewToken, AppError> {
    crate::ports::backend()?.create_token(name).await
}

#[server(prefix = "/sfn", endpoint = "account/revoke_token")]
pub async fn revoke_token(id: String) -> Result<(), AppError> {
    crate::ports::backend()?.revoke_token(id).await
}
