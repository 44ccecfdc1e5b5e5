//! Who is signed in, in the header; and full-page navigation after sign-in and sign-out so that
//! every part of the page is rendered again for the new session.

use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{sign_out, whoami};
use crate::i18n::{Key, use_i18n};
use crate::sync::SessionLost;

#[cfg(feature = "hydrate")]
fn hard_navigate(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(path);
    }
}

/// The page caches of public/sw.js: one per account (this prefix and the account's mark), the
/// record of whose pages it serves, and the cache that held every account's pages before.
#[cfg(feature = "hydrate")]
const PAGE_CACHE_PREFIX: &str = "aansluiting-pages-";
#[cfg(feature = "hydrate")]
const ACCOUNT_RECORD: &str = "aansluiting-account-v1";
#[cfg(feature = "hydrate")]
const SHARED_PAGE_CACHE: &str = "aansluiting-shell-v1";

/// Pages kept for offline use (public/sw.js) hold study data: drop this account's, and the
/// record that makes the service worker serve them, before another user can get this browser.
/// (The worker drops any other account's when it sees a page of the next.) Changes still
/// waiting stay in localStorage under their account, so nothing typed is lost.
#[cfg(feature = "hydrate")]
pub async fn forget_cached_pages() {
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else {
        return;
    };
    let own = crate::sync::account::current().map(|a| format!("{PAGE_CACHE_PREFIX}{a}"));
    for name in [
        Some(ACCOUNT_RECORD.to_string()),
        own,
        Some(SHARED_PAGE_CACHE.to_string()),
    ]
    .into_iter()
    .flatten()
    {
        // A refusal leaves the worker to drop them when it sees the next account's page.
        let _ = wasm_bindgen_futures::JsFuture::from(caches.delete(&name)).await;
    }
}

/// Loads `path` as a new page once the kept pages are gone: after signing in or out, so that
/// every part of the page is rendered for the new session and nothing of the last one stays.
pub fn leave_for(path: String) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        forget_cached_pages().await;
        hard_navigate(&path);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| whoami());
    let lost = use_context::<SessionLost>().map(|l| l.0);
    let signed_out = move || lost.is_some_and(|l| l.get());
    let out = Action::new(|_: &()| sign_out());
    Effect::new(move |_| {
        if out.value().get().is_some() {
            leave_for("/signin".into());
        }
    });
    view! {
        <div class="user-menu">
            <Suspense fallback=|| ()>
                {move || me.get().map(|r| match r.ok().and_then(|s| s.user).filter(|_| !signed_out()) {
                    Some(user) => view! {
                        <A href="/account" attr:class="user-menu__name">{user.name}</A>
                        <button type="button" class="header-button" on:click=move |_| { out.dispatch(()); }>
                            {i18n.t(Key::SignOut)}
                        </button>
                    }.into_any(),
                    None => view! { <A href="/signin" attr:class="header-button">{i18n.t(Key::SignIn)}</A> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// Where sign-in sends the user back to: a path on this site, never another site.
pub fn return_path(next: Option<String>) -> String {
    next.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| "/studies".to_string())
}

/// The sign-in page's address, returning to `path` afterwards.
pub fn sign_in_href(path: &str) -> String {
    let mut url = String::from("/signin?next=");
    url.extend(path.bytes().map(|b| match b {
        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
            char::from(b).to_string()
        }
        _ => format!("%{b:02X}"),
    }));
    url
}

/// Said when a write was refused because the session ended (set by the op queues): what
/// was typed waits in this browser, and signing in again returns to this page.
#[component]
pub fn SessionLostBanner() -> impl IntoView {
    let i18n = use_i18n();
    let lost = use_context::<SessionLost>().map(|l| l.0);
    let location = leptos_router::hooks::use_location();
    let href = move || sign_in_href(&location.pathname.get());
    // The session ended behind the page's back (expiry, signed out elsewhere): whoever uses the
    // browser next must not get this account's pages from the offline cache.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if lost.is_some_and(|l| l.get()) {
            leptos::task::spawn_local(forget_cached_pages());
        }
    });
    view! {
        <Show when=move || lost.is_some_and(|l| l.get())>
            <div class="notice notice--error session-lost" role="alert" data-testid="session-lost">
                <p><strong>{i18n.t(Key::SessionLostTitle)}</strong> " " {i18n.t(Key::SessionLostBody)}</p>
                <p><a href=href rel="external" class="button">{i18n.t(Key::SessionLostSignIn)}</a></p>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_returns_only_to_this_site() {
        assert_eq!(
            return_path(Some("/interviews/abc".into())),
            "/interviews/abc"
        );
        assert_eq!(return_path(None), "/studies");
        for foreign in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:x",
        ] {
            assert_eq!(return_path(Some(foreign.into())), "/studies", "{foreign}");
        }
    }

    #[test]
    fn the_return_path_survives_the_query_string() {
        assert_eq!(
            sign_in_href("/interviews/a-1"),
            "/signin?next=/interviews/a-1"
        );
        assert_eq!(sign_in_href("/x?y=1&z"), "/signin?next=/x%3Fy%3D1%26z");
    }
}
