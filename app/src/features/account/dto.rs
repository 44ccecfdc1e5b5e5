//! Accounts: who is signed in, their sessions and API tokens.

use crate::domain::ids::{SessionId, TokenId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub name: String,
}

/// `GET /api/v1/session`: who is signed in, if anyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub signed_in: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub id: SessionId,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub created_at: String,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub last_seen_at: String,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub expires_at: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The session this request came with.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TokenView {
    pub id: TokenId,
    pub name: String,
    pub scope: TokenScope,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub created_at: String,
    /// After this moment the token no longer works.
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub expires_at: String,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub last_used_at: Option<String>,
    pub revoked: bool,
    /// Past `expires_at`.
    pub expired: bool,
}

/// What a token may do: `read` only reads (GET); `read_write` may also change what its owner
/// may change. Neither makes tokens or changes the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    #[default]
    Read,
    ReadWrite,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::ReadWrite => "read_write",
        }
    }

    pub fn parse(s: &str) -> Option<TokenScope> {
        match s {
            "read" => Some(TokenScope::Read),
            "read_write" => Some(TokenScope::ReadWrite),
            _ => None,
        }
    }
}

/// A token's lifetime: 90 days unless asked otherwise, at most a year.
pub const TOKEN_DEFAULT_DAYS: u32 = 90;
pub const TOKEN_MAX_DAYS: u32 = 365;

/// `POST /api/v1/tokens` and the account page's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TokenRequest {
    pub name: String,
    /// The caller's current password: a session left open on a shared computer cannot mint a
    /// lasting credential.
    pub password: String,
    #[serde(default)]
    pub scope: TokenScope,
    /// 1 to 365; 90 when left out.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

/// The token itself is shown once, here, and never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewToken {
    #[serde(flatten)]
    pub info: TokenView,
    pub token: String,
}
