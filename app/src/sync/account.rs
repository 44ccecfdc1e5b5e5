//! Which account a page belongs to, so that what the browser keeps of it stays that account's.
//!
//! The server names the account every page was rendered for with a mark that names nobody (a
//! hash of the user id, or [`ANONYMOUS`]): in a `<meta>` of the page, and in a response header
//! the service worker reads (public/sw.js keeps pages per account and drops the others' when
//! someone else signs in). The page keys its op queues and known values by it, so one user's
//! unsent changes are never loaded by the next user's pages; and every queued call says whose
//! it is ([`AccountClient`]), so the server refuses it when another account is signed in now
//! (a tab left open by one user, after the next signed in elsewhere in the browser).

/// The response header (pages) and request header (queued calls) that carry the mark.
pub const HEADER: &str = "x-aansluiting-account";
/// The `<meta name=…>` in every page with the mark the page was rendered for.
pub const META: &str = "aansluiting-account";
/// The mark when nobody is signed in.
pub const ANONYMOUS: &str = "anonymous";

/// The mark of the account the page is being rendered for (server rendering provides it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageAccount(pub String);

/// The mark of the account this page belongs to; `None` in a page without one (the workshop
/// phone page, which has no accounts).
pub fn current() -> Option<String> {
    imp::current()
}

/// Where `account`'s data of one kind (`prefix`, e.g. `aansluiting.queue.`) about `what` (an
/// interview id, …) is kept in this browser.
pub fn key(prefix: &str, account: &str, what: &str) -> String {
    format!("{prefix}{account}.{what}")
}

/// [`key`] for the account of this page.
pub fn own_key(prefix: &str, what: &str) -> String {
    key(prefix, current().as_deref().unwrap_or(ANONYMOUS), what)
}

#[cfg(feature = "browser")]
mod imp {
    pub fn current() -> Option<String> {
        let doc = web_sys::window()?.document()?;
        let meta = doc
            .query_selector(&format!("meta[name=\"{}\"]", super::META))
            .ok()??;
        meta.get_attribute("content").filter(|m| !m.is_empty())
    }
}

#[cfg(not(feature = "browser"))]
mod imp {
    pub fn current() -> Option<String> {
        leptos::prelude::use_context::<super::PageAccount>().map(|a| a.0)
    }
}

pub use client::AccountClient;

/// The server-function client of queued calls: the browser's `fetch`, with the page's account
/// in [`HEADER`].
mod client {
    use std::future::Future;

    use leptos::server_fn::Bytes;
    use leptos::server_fn::client::Client;
    use leptos::server_fn::client::browser::BrowserClient;
    use leptos::server_fn::error::FromServerFnError;
    use leptos::server_fn::request::browser::BrowserRequest;
    use leptos::server_fn::response::browser::BrowserResponse;

    pub struct AccountClient;

    impl<E, IS, OS> Client<E, IS, OS> for AccountClient
    where
        E: FromServerFnError,
        IS: FromServerFnError,
        OS: FromServerFnError,
    {
        type Request = BrowserRequest;
        type Response = BrowserResponse;

        fn send(req: BrowserRequest) -> impl Future<Output = Result<BrowserResponse, E>> + Send {
            // Without a mark (no page around the call) the server has nothing to compare.
            if let Some(account) = super::current() {
                req.headers().set(super::HEADER, &account);
            }
            <BrowserClient as Client<E, IS, OS>>::send(req)
        }

        fn open_websocket(
            path: &str,
        ) -> impl Future<
            Output = Result<
                (
                    impl futures::Stream<Item = Result<Bytes, Bytes>> + Send + 'static,
                    impl futures::Sink<Bytes> + Send + 'static,
                ),
                E,
            >,
        > + Send {
            <BrowserClient as Client<E, IS, OS>>::open_websocket(path)
        }

        fn spawn(future: impl Future<Output = ()> + Send + 'static) {
            <BrowserClient as Client<E, IS, OS>>::spawn(future)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_has_its_own_keys() {
        let a = key("aansluiting.queue.", "u-aaaa", "7f0c");
        let b = key("aansluiting.queue.", "u-bbbb", "7f0c");
        assert_ne!(a, b);
        assert_eq!(a, "aansluiting.queue.u-aaaa.7f0c");
        // Still found by the offline page, which counts every queue on the device.
        assert!(a.starts_with(crate::sync::storage::QUEUE_PREFIXES[0]));
    }

    #[test]
    fn the_page_being_rendered_names_the_account() {
        use leptos::prelude::{Owner, provide_context};
        let owner = Owner::new();
        owner.with(|| {
            assert_eq!(
                own_key("aansluiting.answers.", "i-1"),
                "aansluiting.answers.anonymous.i-1"
            );
            provide_context(PageAccount("u-1".into()));
            assert_eq!(current().as_deref(), Some("u-1"));
            assert_eq!(
                own_key("aansluiting.answers.", "i-1"),
                "aansluiting.answers.u-1.i-1"
            );
        });
    }
}
