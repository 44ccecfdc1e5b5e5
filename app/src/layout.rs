//! The page frame: skip link, header with navigation and language switch, demo banner, footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Key, Locale, use_i18n};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    view! {
        <a class="skip-link" href="#main">{move || i18n.t(Key::SkipToContent)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">{move || i18n.t(Key::AppName)}</A>
                <nav class="main-nav" aria-label=move || i18n.t(Key::MainNavigation)>
                    <A href="/" exact=true>{move || i18n.t(Key::NavOverview)}</A>
                    <A href="/studies">{move || i18n.t(Key::NavStudies)}</A>
                    <A href="/codebooks">{move || i18n.t(Key::NavCodebooks)}</A>
                    <A href="/status">{move || i18n.t(Key::NavStatus)}</A>
                </nav>
                // The offline page is kept on the device for whoever uses it next (public/sw.js):
                // it must not carry the name of who was signed in when it was stored.
                {move || (location.pathname.get() != "/offline")
                    .then(|| view! { <crate::features::account::session::UserMenu/> })}
                <LanguageSwitch/>
            </div>
        </header>
        <p class="demo-banner" role="note">{move || i18n.t(Key::DemoBanner)}</p>
        <crate::features::account::session::SessionLostBanner/>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{move || i18n.t(Key::Footer)}</p>
        </footer>
    }
}

/// Buttons rather than links: the choice is applied in place and remembered in a cookie.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=move || i18n.t(Key::Language)>
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    view! {
                        <button
                            type="button"
                            lang=locale.code()
                            aria-pressed=move || (i18n.locale() == locale).to_string()
                            on:click=move |_| i18n.set_locale(locale)
                        >
                            // A phone shows the short code; the name stays the button's name.
                            <span class="lang-switch__name">{locale.endonym()}</span>
                            <span class="lang-switch__code" aria-hidden="true">{locale.code().to_uppercase()}</span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
