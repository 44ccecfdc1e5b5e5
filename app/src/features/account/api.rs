//! Server functions for signing in and out, sessions and tokens.

use leptos::prelude::*;

use super::dto::{NewToken, SessionInfo, SessionView, TokenRequest, TokenView, UserView};
use crate::domain::ids::{SessionId, TokenId};
use crate::error::AppError;

#[server(prefix = "/sfn", endpoint = "account/whoami")]
pub async fn whoami() -> Result<SessionInfo, AppError> {
    crate::ports::call(Whoami {}).await
}

#[server(prefix = "/sfn", endpoint = "account/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<UserView, AppError> {
    crate::ports::call(SignIn { email, password }).await
}

#[server(prefix = "/sfn", endpoint = "account/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::ports::call(SignOut {}).await
}

#[server(prefix = "/sfn", endpoint = "account/sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<u64, AppError> {
    crate::ports::call(SignOutEverywhere {}).await
}

#[server(prefix = "/sfn", endpoint = "account/sessions")]
pub async fn list_sessions() -> Result<Vec<SessionView>, AppError> {
    crate::ports::call(ListSessions {}).await
}

#[server(prefix = "/sfn", endpoint = "account/revoke_session")]
pub async fn revoke_session(id: SessionId) -> Result<(), AppError> {
    crate::ports::call(RevokeSession { id }).await
}

#[server(prefix = "/sfn", endpoint = "account/tokens")]
pub async fn list_tokens() -> Result<Vec<TokenView>, AppError> {
    crate::ports::call(ListTokens {}).await
}

#[server(prefix = "/sfn", endpoint = "account/create_token")]
pub async fn create_token(request: TokenRequest) -> Result<NewToken, AppError> {
    crate::ports::call(CreateToken { request }).await
}

#[server(prefix = "/sfn", endpoint = "account/revoke_token")]
pub async fn revoke_token(id: TokenId) -> Result<(), AppError> {
    crate::ports::call(RevokeToken { id }).await
}

#[server(prefix = "/sfn", endpoint = "account/change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    crate::ports::call(ChangePassword {
        current_password,
        new_password,
    })
    .await
}
