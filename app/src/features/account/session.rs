//! Who is signed in, in the header; and full-page navigation after sign-in and sign-out so that
//! every part of the page is rendered again for the new session.

use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{sign_out, whoami};
use crate::i18n::{Key, use_i18n};
use crate::sync::SessionLost;

#[cfg(feature = "hydrate")]
pub fn hard_navigate(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(path);
    }
}

#[cfg(not(feature = "hydrate"))]
pub fn hard_navigate(_path: &str) {}

/// Pages kept for offline use (public/sw.js) hold study data: drop them at sign-out. Answers
/// still waiting to be sent stay in localStorage, so nothing typed is lost.
#[cfg(feature = "hydrate")]
pub fn forget_cached_pages() {
    if let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) {
        let _ = caches.delete("aansluiting-shell-v1");
    }
}

#[cfg(not(feature = "hydrate"))]
pub fn forget_cached_pages() {}

#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| whoami());
    let lost = use_context::<SessionLost>().map(|l| l.0);
    let signed_out = move || lost.is_some_and(|l| l.get());
    let out = Action::new(|_: &()| sign_out());
    Effect::new(move |_| {
        if out.value().get().is_some() {
            forget_cached_pages();
            hard_navigate("/signin");
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
