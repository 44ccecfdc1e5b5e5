//! Who is signed in, in the header; and full-page navigation after sign-in and sign-out so that
//! every part of the page is rendered again for the new session.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::error::{AppError, ErrorCode};
use crate::features::account::api::{sign_out, whoami};
use crate::i18n::{Key, use_i18n};

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
                {move || me.get().map(|r| match r.ok().and_then(|s| s.user) {
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

/// What a page shows when loading its data failed: a sign-in prompt for 401, else the error.
#[component]
pub fn Denied(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error.code {
        ErrorCode::Unauthorized => view! {
            <section class="card" role="alert">
                <h1>{move || i18n.t(Key::SignInNeeded)}</h1>
                <p><A href="/signin">{move || i18n.t(Key::SignIn)}</A></p>
            </section>
        }
        .into_any(),
        ErrorCode::NotFound => view! { <crate::features::errors::NotFound/> }.into_any(),
        _ => view! { <crate::features::errors::ErrorPage error/> }.into_any(),
    }
}
