//! Who a request acts for, as plain data: what `principal` resolves, what the caches keep and
//! what `policy` decides on. A leaf, so that all three can depend on it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCtx {
    pub id: String,
    pub email: String,
    pub name: String,
    /// Set when signed in by cookie.
    pub session_id: Option<String>,
    /// Set when calling with a bearer token.
    pub token_id: Option<String>,
    /// A token that may only read (GET and HEAD).
    pub read_only: bool,
}

impl UserCtx {
    /// Acting for this account without a session or token: the command line, the demo, tools.
    pub fn on_behalf(id: impl ToString, email: &str, name: &str) -> UserCtx {
        UserCtx {
            id: id.to_string(),
            email: email.to_string(),
            name: name.to_string(),
            session_id: None,
            token_id: None,
            read_only: false,
        }
    }
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

impl Principal {
    /// Who is calling, as `auth::principal::resolve` left it in the request's extensions.
    pub fn of(extensions: &http::Extensions) -> Principal {
        extensions.get::<Principal>().cloned().unwrap_or_default()
    }
}

/// Facts about the request that sessions and the throttle record.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The `Host` the request was sent to, for links the server hands out (a workshop's join
    /// address) when no public origin is configured.
    pub host: Option<String>,
}
