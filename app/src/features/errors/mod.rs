//! The pages shown when a route is unknown or rendering fails.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

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

/// Shown inside the layout when a page's data could not be loaded.
#[component]
pub fn ErrorPage(#[prop(into)] detail: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card error-page" role="alert">
            <h1>{move || i18n.t(Key::ErrorTitle)}</h1>
            <p>{move || i18n.t(Key::ErrorBody)}</p>
            <p class="muted"><code>{detail}</code></p>
            <p><A href="/">{move || i18n.t(Key::BackHome)}</A></p>
        </section>
    }
}
