//! Signing in and out, and the account page with sessions and API tokens.

pub mod api;
pub mod dto;
pub mod session;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::confirm::ConfirmButton;
use crate::components::format::date_time;
use crate::components::user_agent;
use crate::error::ErrorCode;
use crate::features::errors::ErrorPage;
use crate::i18n::{Key, use_i18n};
use api::{
    ChangePassword, CreateToken, RevokeSession, RevokeToken, SignIn, list_sessions, list_tokens,
    sign_out_everywhere,
};
use session::{leave_for, return_path};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let query = leptos_router::hooks::use_query_map();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            // Back to the page that asked for a new sign-in; its waiting changes then go out.
            leave_for(return_path(query.with_untracked(|q| q.get("next"))));
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
                    let text = match e.code {
                        ErrorCode::Throttled => i18n.t(Key::SignInThrottled).to_string(),
                        ErrorCode::Unauthorized => i18n.t(Key::SignInWrong).to_string(),
                        _ => i18n.error(&e),
                    };
                    view! { <p class="notice notice--error">{text}</p> }
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
            leave_for("/signin".into());
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
                                let locale = i18n.locale();
                                let detail = format!(" · {} · {} {}", s.ip.clone().unwrap_or_default(), i18n.t(Key::LastActive), date_time(locale, &s.last_seen_at));
                                let marker = s.current.then(|| format!(" ({})", i18n.t(Key::ThisSession)));
                                let revoke = Callback::new(move |_| { revoke_session.dispatch(RevokeSession { id: id.clone() }); });
                                let title = user_agent::describe(locale, s.user_agent.as_deref());
                                view! { <RevocableRow title detail marker action=Key::SignOutThere on_action=revoke confirm=false/> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                })}
            </Suspense>
            <button type="button" class="button button--secondary" on:click=move |_| { everywhere.dispatch(()); }>
                {move || i18n.t(Key::SignOutEverywhere)}
            </button>
        </section>
        <section class="card" aria-labelledby="tokens-title">
            <h2 id="tokens-title">{move || i18n.t(Key::TokensTitle)}</h2>
            <p class="muted">{move || i18n.t(Key::TokensHelp)}</p>
            <ActionForm action=create_token attr:class="form form--stacked">
                <label for="token-name">{move || i18n.t(Key::TokenName)}</label>
                <input id="token-name" name="request[name]" type="text" required maxlength="200"/>
                <label for="token-scope">{move || i18n.t(Key::TokenScope)}</label>
                <select id="token-scope" name="request[scope]">
                    <option value="read" selected>{move || i18n.t(Key::TokenScopeRead)}</option>
                    <option value="read_write">{move || i18n.t(Key::TokenScopeReadWrite)}</option>
                </select>
                <label for="token-days">{move || i18n.t(Key::TokenLifetime)}</label>
                <select id="token-days" name="request[expires_in_days]">
                    <option value="7">{move || i18n.t(Key::TokenDays7)}</option>
                    <option value="30">{move || i18n.t(Key::TokenDays30)}</option>
                    <option value="90" selected>{move || i18n.t(Key::TokenDays90)}</option>
                    <option value="365">{move || i18n.t(Key::TokenDays365)}</option>
                </select>
                <label for="token-password">{move || i18n.t(Key::CurrentPassword)}</label>
                <input id="token-password" name="request[password]" type="password" autocomplete="current-password" required aria-describedby="token-password-help"/>
                <p id="token-password-help" class="muted">{move || i18n.t(Key::TokenPasswordHelp)}</p>
                <button type="submit" class="button">{move || i18n.t(Key::CreateToken)}</button>
            </ActionForm>
            {move || create_token.value().get().map(|r| match r {
                Ok(t) => view! { <NewTokenNotice token=t.token/> }.into_any(),
                Err(e) => view! { <p class="notice notice--error" role="alert">{i18n.error(&e)}</p> }.into_any(),
            })}
            {move || revoke_token.value().get().and_then(|r| r.err()).map(|e| view! {
                <p class="notice notice--error" role="alert">{i18n.error(&e)}</p>
            })}
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || tokens.get().map(|r| match r {
                    Ok(list) => view! {
                        <ul class="plain-list">
                            {list.into_iter().map(|t| {
                                let id = t.id.clone();
                                let marker = if t.revoked {
                                    Some(format!(" · {}", i18n.t(Key::Revoked)))
                                } else {
                                    t.expired.then(|| format!(" · {}", i18n.t(Key::Expired)))
                                };
                                let revoke = Callback::new(move |_| { revoke_token.dispatch(RevokeToken { id: id.clone() }); });
                                let scope = i18n.t(match t.scope {
                                    dto::TokenScope::Read => Key::TokenScopeRead,
                                    dto::TokenScope::ReadWrite => Key::TokenScopeReadWrite,
                                });
                                let detail = format!(
                                    " · {scope} · {} {} · {} {}",
                                    i18n.t(Key::CreatedOn),
                                    date_time(i18n.locale(), &t.created_at),
                                    i18n.t(Key::ExpiresOn),
                                    date_time(i18n.locale(), &t.expires_at),
                                );
                                view! { <RevocableRow title=t.name.clone() detail marker action=Key::Revoke on_action=revoke confirm=true/> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                })}
            </Suspense>
        </section>
        <PasswordChange/>
    }
}

/// Changing one's own password: the current one first.
#[component]
fn PasswordChange() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{move || i18n.t(Key::PasswordTitle)}</h2>
            <ActionForm action=change attr:class="form form--stacked">
                <label for="current-password">{move || i18n.t(Key::CurrentPassword)}</label>
                <input id="current-password" name="current_password" type="password" autocomplete="current-password" required/>
                <label for="new-password">{move || i18n.t(Key::NewPassword)}</label>
                <input id="new-password" name="new_password" type="password" autocomplete="new-password" minlength="12" required aria-describedby="new-password-help"/>
                <p id="new-password-help" class="muted">{move || i18n.t(Key::NewPasswordHelp)}</p>
                <button type="submit" class="button" disabled=move || change.pending().get()>{move || i18n.t(Key::ChangePassword)}</button>
            </ActionForm>
            <div role="status" aria-live="polite">
                {move || change.value().get().map(|r| match r {
                    Ok(()) => view! { <p class="notice notice--ok">{i18n.t(Key::PasswordChanged)}</p> }.into_any(),
                    Err(e) => view! { <p class="notice notice--error">{i18n.error(&e)}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}

/// A session or token: what it is, and either its state or the button that ends it (asking
/// first when `confirm`: a revoked token cannot be brought back).
#[component]
fn RevocableRow(
    title: String,
    detail: String,
    marker: Option<String>,
    action: Key,
    on_action: Callback<()>,
    confirm: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li>
            <strong>{title.clone()}</strong>
            <span class="muted">{detail}</span>
            " "
            {match marker {
                Some(m) => view! { <span class="muted">{m}</span> }.into_any(),
                None if confirm => view! { <ConfirmButton action subject=title on_confirm=on_action/> }.into_any(),
                None => view! {
                    <button type="button" class="link-button" on:click=move |_| on_action.run(())>{i18n.t(action)}</button>
                }.into_any(),
            }}
        </li>
    }
}

/// The new token, shown once, with a button that copies it. Where the clipboard is not
/// available (an insecure origin, a refused permission) the text is selected for Ctrl+C.
#[component]
fn NewTokenNotice(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let code = NodeRef::<leptos::html::Code>::new();
    let copied = RwSignal::new(None::<bool>);
    let token = StoredValue::new(token);
    let copy = move |_| {
        let text = token.get_value();
        leptos::task::spawn_local(async move {
            let ok = copy_to_clipboard(&text).await;
            if !ok {
                if let Some(el) = code.get() {
                    select_contents(&el);
                }
            }
            copied.set(Some(ok));
        });
    };
    view! {
        <div class="notice notice--ok">
            <p>{move || i18n.t(Key::TokenShownOnce)}</p>
            <div class="token-copy">
                <code data-testid="new-token" node_ref=code>{token.get_value()}</code>
                <button type="button" class="button button--secondary" on:click=copy>{move || i18n.t(Key::CopyToken)}</button>
                <span role="status" aria-live="polite" data-testid="copy-status">
                    {move || copied.get().map(|ok| i18n.t(if ok { Key::Copied } else { Key::CopyFailed }))}
                </span>
            </div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    // Undefined outside secure contexts; calling it would throw.
    if clipboard.is_undefined() {
        return false;
    }
    let promise = clipboard.write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

#[cfg(not(feature = "hydrate"))]
async fn copy_to_clipboard(_text: &str) -> bool {
    false
}

#[cfg(feature = "hydrate")]
fn select_contents(el: &web_sys::HtmlElement) {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.select_all_children(el);
    }
}

#[cfg(not(feature = "hydrate"))]
fn select_contents<T>(_el: &T) {}
