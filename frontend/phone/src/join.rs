//! Joining: the code (filled in from the address), a name, and optionally the organisation and
//! its SBI section. Nothing else is asked: no account.

use leptos::prelude::*;

use app::domain::reference::SBI_SECTIONS;
use app::error::AppError;
use app::features::workshops::dto::{JoinRequest, Joined};
use app::i18n::{Key, Locale, use_i18n};

use crate::api;

#[component]
pub fn JoinForm(code: String, on_joined: impl Fn(Joined) + Copy + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(code);
    let name = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let sbi = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let optional = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let request = JoinRequest {
            code: code.get_untracked(),
            display_name: name.get_untracked(),
            organisation: optional(organisation.get_untracked()),
            sbi_section: optional(sbi.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            let answer = api::join(&request).await;
            busy.set(false);
            match answer {
                Ok(joined) => on_joined(joined),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let sectors = move || {
        let en = i18n.locale() == Locale::En;
        SBI_SECTIONS
            .iter()
            .map(|s| {
                let label = format!("{} — {}", s.code, if en { &s.name_en } else { &s.name });
                view! { <option value=s.code.clone()>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <form class="join" on:submit=submit>
            <h1>{move || i18n.t(Key::PhoneTitle)}</h1>
            <label for="code">{move || i18n.t(Key::PhoneCode)}</label>
            <input id="code" name="code" required autocomplete="off" autocapitalize="characters"
                spellcheck="false" maxlength="12" aria-describedby="code-hint" class="code"
                prop:value=code on:input=move |e| code.set(event_target_value(&e)) />
            <p id="code-hint" class="hint">{move || i18n.t(Key::PhoneCodeHint)}</p>
            <label for="name">{move || i18n.t(Key::PhoneName)}</label>
            <input id="name" name="name" required maxlength="80" autocomplete="name"
                aria-describedby="name-hint"
                prop:value=name on:input=move |e| name.set(event_target_value(&e)) />
            <p id="name-hint" class="hint">{move || i18n.t(Key::PhoneNameHint)}</p>
            <label for="organisation">{move || i18n.t(Key::PhoneOrganisation)}</label>
            <input id="organisation" name="organisation" maxlength="200" autocomplete="organization"
                prop:value=organisation on:input=move |e| organisation.set(event_target_value(&e)) />
            <label for="sbi">{move || i18n.t(Key::PhoneSbi)}</label>
            <select id="sbi" name="sbi" on:change=move |e| sbi.set(event_target_value(&e))>
                <option value="">{move || i18n.t(Key::PhoneSbiNone)}</option>
                {sectors}
            </select>
            <p class="error" role="alert">
                {move || error.get().map(|e| i18n.error(&e))}
            </p>
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { i18n.t(Key::PhoneJoining) } else { i18n.t(Key::PhoneJoin) }}
            </button>
        </form>
    }
}
