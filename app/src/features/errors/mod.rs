//! The pages shown when a route is unknown or rendering fails.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::error::{AppError, ErrorCode};
use crate::features::account::session::sign_in_href;
use crate::i18n::{Key, use_i18n};

/// Rendered for every unknown path; the server answers it with HTTP 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=move || i18n.t(Key::NotFoundTitle)/>
        <section class="card error-page">
            <h1>{move || i18n.t(Key::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Key::NotFoundBody)}</p>
            <p><A href="/">{move || i18n.t(Key::BackHome)}</A></p>
        </section>
    }
}

/// Shown inside the layout when a page's data could not be loaded: what went wrong, in the
/// user's words (the server's English text stays in the API).
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card error-page" role="alert">
            <h1>{move || i18n.t(Key::ErrorTitle)}</h1>
            <p>{move || i18n.t(Key::ErrorBody)}</p>
            <p class="muted" data-testid="error-detail">{move || i18n.error(&error)}</p>
            <p><A href="/">{move || i18n.t(Key::BackHome)}</A></p>
        </section>
    }
}

/// What the service worker (public/sw.js) shows, from its cache, instead of a page that was
/// never opened on this device while the network is down. `?from=` is the page that was asked
/// for, so that "try again" goes there.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let asked_for = move || {
        query
            .read()
            .get("from")
            .filter(|p| is_local_path(p))
            .unwrap_or_else(|| "/".into())
    };
    // The copy the browser shows offline was rendered without `?from=`, and hydration keeps a
    // rendered attribute as it is: so the browser starts from "/" and sets the link itself.
    let retry = RwSignal::new(if cfg!(feature = "ssr") {
        asked_for()
    } else {
        "/".to_string()
    });
    Effect::new(move |_| retry.set(asked_for()));
    // Unknown until the browser has looked: the server cannot know what this device holds.
    let waiting = RwSignal::new(None::<usize>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| waiting.set(Some(crate::sync::storage::waiting_on_this_device())));
    view! {
        <Title text=move || i18n.t(Key::OfflineTitle)/>
        <section class="card error-page" data-testid="offline">
            <h1>{move || i18n.t(Key::OfflineTitle)}</h1>
            <p>{move || i18n.t(Key::OfflineBody)}</p>
            {move || waiting.get().map(|n| if n > 0 {
                view! { <p class="notice notice--info" data-testid="offline-waiting">{i18n.t(Key::OfflinePending)} " " <strong>{n}</strong></p> }.into_any()
            } else {
                view! { <p class="muted" data-testid="offline-waiting">{i18n.t(Key::OfflineNothingPending)}</p> }.into_any()
            })}
            <p><a class="button" href=move || retry.get() rel="external">{move || i18n.t(Key::OfflineRetry)}</a></p>
            <p><A href="/">{move || i18n.t(Key::BackHome)}</A></p>
        </section>
    }
}

/// A path on this site; anything else (`//host`, `https:`, `javascript:`) could send the user
/// elsewhere from a link they trust.
fn is_local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\")
}

/// What a page shows when loading its data failed: a sign-in prompt for 401, else the error.
#[component]
pub fn Denied(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let here = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    match error.code {
        ErrorCode::Unauthorized => view! {
            <section class="card" role="alert">
                <h1>{move || i18n.t(Key::SignInNeeded)}</h1>
                <p><a href=sign_in_href(&here) rel="external">{move || i18n.t(Key::SignIn)}</a></p>
            </section>
        }
        .into_any(),
        ErrorCode::NotFound => view! { <NotFound/> }.into_any(),
        _ => view! { <ErrorPage error/> }.into_any(),
    }
}

/// An id from the page's address (or its data), parsed: an address whose id is not an id is a
/// page that does not exist, answered like any unknown id.
pub fn parse_id<T: std::str::FromStr>(raw: Option<String>) -> Result<T, AppError> {
    let raw = raw.unwrap_or_default();
    raw.parse()
        .map_err(|_| AppError::new(ErrorCode::NotFound, format!("{raw:?} is not an id")))
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_paths_on_this_site_are_retried() {
        assert!(is_local_path("/interviews/abc?x=1"));
        assert!(is_local_path("/"));
        for p in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert!(!is_local_path(p), "{p}");
        }
    }
}
