//! The session cookie: HttpOnly, SameSite=Lax, and `Secure` + `__Host-` over https.

use http::HeaderMap;

use super::AuthConfig;

pub const SESSION: &str = "aansluiting_session";
pub const SECURE_SESSION: &str = "__Host-aansluiting_session";
pub const PARTICIPANT: &str = "aansluiting_participant";
pub const SECURE_PARTICIPANT: &str = "__Host-aansluiting_participant";

pub fn session_name(cfg: &AuthConfig) -> &'static str {
    if cfg.secure_cookies {
        SECURE_SESSION
    } else {
        SESSION
    }
}

pub fn participant_name(cfg: &AuthConfig) -> &'static str {
    if cfg.secure_cookies {
        SECURE_PARTICIPANT
    } else {
        PARTICIPANT
    }
}

/// The value of cookie `name`, from every `Cookie` header of the request.
pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

pub fn set(cfg: &AuthConfig, name: &str, value: &str, max_age_secs: u64) -> String {
    let secure = if cfg.secure_cookies { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

pub fn clear(cfg: &AuthConfig, name: &str) -> String {
    set(cfg, name, "", 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_follow_the_scheme() {
        let plain = AuthConfig::default();
        let c = set(&plain, session_name(&plain), "abc", 60);
        assert_eq!(
            c,
            "aansluiting_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
        );
        let https = AuthConfig {
            secure_cookies: true,
            ..AuthConfig::default()
        };
        let c = set(&https, session_name(&https), "abc", 60);
        assert!(
            c.starts_with("__Host-aansluiting_session=abc; Path=/;") && c.ends_with("; Secure")
        );
    }

    #[test]
    fn reads_among_several_cookies() {
        let mut h = HeaderMap::new();
        h.append(
            http::header::COOKIE,
            "lang=en; aansluiting_session=xyz".parse().unwrap(),
        );
        assert_eq!(read(&h, SESSION), Some("xyz"));
        assert_eq!(read(&h, PARTICIPANT), None);
    }
}
