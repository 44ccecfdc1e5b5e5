//! Who may read what only operators should: the metrics and the detailed readiness report. A
//! monitoring system presents the configured metrics token as a bearer token; without a
//! configured token nobody gets them (the short readiness answer stays public for load
//! balancers).

use http::{HeaderMap, header};

use super::{AuthConfig, secret};

pub fn is_operator(headers: &HeaderMap, cfg: &AuthConfig) -> bool {
    let Some(expected) = cfg.metrics_token.as_deref() else {
        return false;
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    // Compared as hashes: how long a comparison takes says nothing about the token.
    presented.is_some_and(|p| secret::hash(p) == secret::hash(expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(auth: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(a) = auth {
            h.insert(header::AUTHORIZATION, a.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_the_configured_token_is_an_operator() {
        let none = AuthConfig::default();
        assert!(
            !is_operator(&with(Some("Bearer x")), &none),
            "no token, no operator"
        );
        let cfg = AuthConfig {
            metrics_token: Some("s3cret-metrics".into()),
            ..AuthConfig::default()
        };
        assert!(is_operator(&with(Some("Bearer s3cret-metrics")), &cfg));
        assert!(!is_operator(&with(Some("Bearer s3cret-metric")), &cfg));
        assert!(!is_operator(&with(None), &cfg));
        assert!(!is_operator(&with(Some("s3cret-metrics")), &cfg));
    }
}
