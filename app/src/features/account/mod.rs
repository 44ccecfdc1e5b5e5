//! Signing in and out, and the account page with sessions and API tokens.

pub mod api;
pub mod dto;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::format::short_time;
use crate::components::session::{hard_navigate, return_path};
use crate::features::errors::ErrorPage;
use crate::i18n::{Key, use_i18n};
use api::{
    CreateToken, RevokeSession, RevokeToken, SignIn, list_sessions, list_tokens,
    sign_out_everywhere,
};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let query = leptos_router::hooks::use_query_map();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            // Back to the page that asked for a new sign-in; its waiting changes then go out.
            hard_navigate(&return_path(query.with_untracked(|q| q.get("next"))));
        }
    });
    view! {
        <Title text=move || i18n.t(Key::SignInTitle)/>
        <section class="card narrow">
            <h1>{move || i18n.t(Key::SignInTitle)}</h1>
            <ActionForm action attr:class="stack">
                <label for="email">{move || i18n.t(Key::Email)}</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <label for="password">{move || i18n.t(Key::Password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {move || i18n.t(Key::SignIn)}
                </button>
            </ActionForm>
            <div role="status" aria-live="polite">
                {move || action.value().get().and_then(|r| r.err()).map(|e| {
                    let key = match e.code.as_str() {
                        "throttled" => Key::SignInThrottled,
                        "unauthorized" => Key::SignInWrong,
                        _ => Key::ErrorTitle,
                    };
                    view! { <p class="notice notice--error">{i18n.t(key)}</p> }
                })}
            </div>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let revoke_session = ServerAction::<RevokeSession>::new();
    let create_token = ServerAction::<CreateToken>::new();
    let revoke_token = ServerAction::<RevokeToken>::new();
    let sessions = Resource::new(move || revoke_session.version().get(), |_| list_sessions());
    let tokens = Resource::new(
        move || (create_token.version().get(), revoke_token.version().get()),
        |_| list_tokens(),
    );
    let everywhere = Action::new(|_: &()| sign_out_everywhere());
    Effect::new(move |_| {
        if matches!(everywhere.value().get(), Some(Ok(_))) {
            crate::components::session::forget_cached_pages();
            hard_navigate("/signin");
        }
    });
    view! {
        <Title text=move || i18n.t(Key::AccountTitle)/>
        <h1>{move || i18n.t(Key::AccountTitle)}</h1>
        <section class="card" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{move || i18n.t(Key::SessionsTitle)}</h2>
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || sessions.get().map(|r| match r {
                    Ok(list) => view! {
                        <ul class="plain-list" data-testid="sessions">
                            {list.into_iter().map(|s| {
                                let id = s.id.clone();
                                let detail = format!(" · {} · {}", s.ip.clone().unwrap_or_default(), short_time(&s.last_seen_at));
                                let marker = s.current.then(|| format!(" ({})", i18n.t(Key::ThisSession)));
                                let revoke = Callback::new(move |_| { revoke_session.dispatch(RevokeSession { id: id.clone() }); });
                                view! { <RevocableRow title=s.user_agent.clone().unwrap_or_default() detail marker action=Key::SignOutThere on_action=revoke/> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage detail=e.message/> }.into_any(),
                })}
            </Suspense>
            <button type="button" class="button button--secondary" on:click=move |_| { everywhere.dispatch(()); }>
                {move || i18n.t(Key::SignOutEverywhere)}
            </button>
        </section>
        <section class="card" aria-labelledby="tokens-title">
            <h2 id="tokens-title">{move || i18n.t(Key::TokensTitle)}</h2>
            <p class="muted">{move || i18n.t(Key::TokensHelp)}</p>
            <ActionForm action=create_token attr:class="form">
                <label for="token-name">{move || i18n.t(Key::TokenName)}</label>
                <input id="token-name" name="name" type="text" required maxlength="200"/>
                <button type="submit" class="button">{move || i18n.t(Key::CreateToken)}</button>
            </ActionForm>
            {move || create_token.value().get().and_then(|r| r.ok()).map(|t| view! {
                <p class="notice notice--ok" role="status">{i18n.t(Key::TokenShownOnce)} " " <code data-testid="new-token">{t.token}</code></p>
            })}
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || tokens.get().map(|r| match r {
                    Ok(list) => view! {
                        <ul class="plain-list">
                            {list.into_iter().map(|t| {
                                let id = t.id.clone();
                                let marker = t.revoked.then(|| format!(" · {}", i18n.t(Key::Revoked)));
                                let revoke = Callback::new(move |_| { revoke_token.dispatch(RevokeToken { id: id.clone() }); });
                                view! { <RevocableRow title=t.name.clone() detail=format!(" · {}", short_time(&t.created_at)) marker action=Key::Revoke on_action=revoke/> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage detail=e.message/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// A session or token: what it is, and either its state or the button that ends it.
#[component]
fn RevocableRow(
    title: String,
    detail: String,
    marker: Option<String>,
    action: Key,
    on_action: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li>
            <strong>{title}</strong>
            <span class="muted">{detail}</span>
            {match marker {
                Some(m) => view! { <span class="muted">{m}</span> }.into_any(),
                None => view! {
                    <button type="button" class="link-button" on:click=move |_| on_action.run(())>{i18n.t(action)}</button>
                }.into_any(),
            }}
        </li>
    }
}
