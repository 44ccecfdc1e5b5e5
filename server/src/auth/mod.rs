//! Authentication and authorization, in one place.
//!
//! - `principal`: who is calling (session cookie, bearer token, workshop participant cookie),
//!   resolved once per request by middleware and carried in the request's extensions.
//! - `policy`: the only code that decides allow or deny; services call it first.
//! - `csrf`: state-changing cookie requests must come from our own origin.
//! - `identity`: who a request acts for, as plain data.
//! - `cache`: a few seconds' memory of credentials and study roles, forgotten on every change
//!   (one per database handle, `db::Db`).
//! - `throttle`: failed attempts per key in a sliding window, stored in the database.
//! - `account_mark`: whose pages and queued changes a browser holds, as a mark naming nobody.

pub mod account_mark;
pub mod cache;
pub mod client_addr;
pub mod cookie;
pub mod csrf;
pub mod identity;
pub mod operator;
pub mod password;
pub mod policy;
pub mod principal;
pub mod secret;
pub mod throttle;

use std::time::Duration;

/// Session and cookie settings.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub idle_timeout: Duration,
    pub absolute_timeout: Duration,
    /// Served over https: cookies get `Secure` and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// The public origin (`https://aansluiting.example`) when behind a proxy; otherwise the
    /// request's Host header is the origin that requests must come from.
    pub public_origin: Option<String>,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` name the client (`client_addr`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The bearer secret `/metrics` and the detailed `/readyz` ask for; without one they are
    /// not served to anyone.
    pub metrics_token: Option<String>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(12 * 60 * 60),
            secure_cookies: false,
            public_origin: None,
            trusted_proxies: Vec::new(),
            metrics_token: None,
        }
    }
}
