//! The mark that tells a browser whose pages and queued changes it holds (`app::sync::account`):
//! the same for every session of one account, different between accounts, and naming nobody.
//! Pages carry it; calls made from a page's op queue carry it back, and are refused when the
//! account signed in now is another (a tab left open by one user after the next signed in).

use axum::response::Response;
use http::header::SET_COOKIE;
use http::{HeaderMap, HeaderName, HeaderValue};

use super::principal::Principal;
use super::{cookie, secret};
use crate::error::ServiceError;

pub use app::sync::account::{ANONYMOUS, HEADER};

const CLEAR_SITE_DATA: HeaderName = HeaderName::from_static("clear-site-data");

/// Every response that sets or clears the session cookie (signing in or out, by form, server
/// function or API) also tells the browser to drop its HTTP cache of this site, so no page of
/// the last account is shown from it. The service worker's caches are its own and per account
/// (public/sw.js); `"storage"` would also drop the changes still waiting to be sent.
pub async fn clear_cache_when_the_session_changes(mut res: Response) -> Response {
    let session_cookie = |v: &HeaderValue| {
        [cookie::SESSION, cookie::SECURE_SESSION]
            .iter()
            .any(|name| {
                v.as_bytes()
                    .strip_prefix(name.as_bytes())
                    .is_some_and(|rest| rest.starts_with(b"="))
            })
    };
    if res.headers().get_all(SET_COOKIE).iter().any(session_cookie) {
        res.headers_mut()
            .insert(CLEAR_SITE_DATA, HeaderValue::from_static("\"cache\""));
    }
    res
}

/// The mark of whoever `principal` is: workshop participants and visitors have no account.
pub fn of(principal: &Principal) -> String {
    match principal {
        Principal::User(user) => {
            let digest = secret::hash(&format!("aansluiting account {}", user.id));
            format!("u-{}", &digest[..24])
        }
        Principal::Anonymous | Principal::Participant(_) => ANONYMOUS.to_string(),
    }
}

/// A request that names the account it was made for is refused unless that account is the
/// one signed in: 401, so the browser keeps the changes for when that account signs in again.
pub fn check(headers: &HeaderMap, principal: &Principal) -> Result<(), ServiceError> {
    match headers.get(HEADER) {
        Some(claimed) if claimed.as_bytes() != of(principal).as_bytes() => {
            Err(ServiceError::Unauthorized(
                "these changes were made for another account than the one signed in".into(),
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::identity::{ParticipantCtx, UserCtx};

    fn user(id: &str, session: &str) -> Principal {
        Principal::User(UserCtx {
            session_id: Some(session.into()),
            ..UserCtx::on_behalf(id, "a@example.nl", "A")
        })
    }

    fn claiming(mark: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(HEADER, HeaderValue::from_str(mark).expect("a header value"));
        h
    }

    #[test]
    fn one_mark_per_account_that_names_nobody() {
        let a = of(&user("3f1c0a52-0000-4000-8000-000000000001", "s1"));
        assert_eq!(
            a,
            of(&user("3f1c0a52-0000-4000-8000-000000000001", "s2")),
            "every session of one account"
        );
        assert_ne!(a, of(&user("3f1c0a52-0000-4000-8000-000000000002", "s1")));
        assert!(!a.contains("3f1c0a52"));
        assert_eq!(of(&Principal::Anonymous), ANONYMOUS);
        let participant = Principal::Participant(ParticipantCtx {
            id: "p".into(),
            workshop_id: "w".into(),
        });
        assert_eq!(of(&participant), ANONYMOUS);
    }

    #[tokio::test]
    async fn signing_in_or_out_clears_the_browser_cache_and_nothing_else_does() {
        let with_cookie = |value: &str| {
            let mut res = Response::new(axum::body::Body::empty());
            res.headers_mut().append(
                SET_COOKIE,
                HeaderValue::from_str(value).expect("a header value"),
            );
            res
        };
        for changes in [
            "aansluiting_session=abc; Path=/; HttpOnly",
            "aansluiting_session=; Path=/; Max-Age=0",
            "__Host-aansluiting_session=abc; Path=/; Secure",
        ] {
            let res = clear_cache_when_the_session_changes(with_cookie(changes)).await;
            assert_eq!(
                res.headers()
                    .get(CLEAR_SITE_DATA)
                    .map(HeaderValue::as_bytes),
                Some(&b"\"cache\""[..]),
                "{changes}"
            );
        }
        for other in [
            "aansluiting_participant=abc; Path=/",
            "aansluiting_session_x=1; Path=/",
            "lang=en; Path=/",
        ] {
            let res = clear_cache_when_the_session_changes(with_cookie(other)).await;
            assert!(res.headers().get(CLEAR_SITE_DATA).is_none(), "{other}");
        }
    }

    #[test]
    fn changes_of_one_account_are_refused_under_another() {
        let a = user("a", "s1");
        let b = user("b", "s2");
        assert!(check(&claiming(&of(&a)), &a).is_ok());
        assert!(matches!(
            check(&claiming(&of(&a)), &b),
            Err(ServiceError::Unauthorized(_))
        ));
        assert!(
            check(&claiming(&of(&a)), &Principal::Anonymous).is_err(),
            "an ended session"
        );
        assert!(
            check(&HeaderMap::new(), &b).is_ok(),
            "a call that names no account"
        );
    }
}
