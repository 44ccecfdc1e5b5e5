//! A button for what cannot be taken back (removing a member, revoking a token): the first
//! click asks "Weet je het zeker?" in place, with the real action and a way back; the keyboard
//! focus follows, and Escape cancels.

use leptos::html::Button;
use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

#[component]
pub fn ConfirmButton(
    /// The action, as the first button and the confirming one say it.
    action: Key,
    /// What it acts on, for screen readers ("Verwijderen Jan Jansen").
    #[prop(into)]
    subject: String,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    // Where the focus goes once the buttons are swapped: the confirming button when asking,
    // the first one again after cancelling (None before any click: leave the focus alone).
    let focus_back = RwSignal::new(false);
    let yes = NodeRef::<Button>::new();
    let trigger = NodeRef::<Button>::new();
    Effect::new(move |_| {
        if asking.get() {
            if let Some(b) = yes.get() {
                let _ = b.focus();
            }
        } else if focus_back.get() {
            if let Some(b) = trigger.get() {
                let _ = b.focus();
            }
        }
    });
    let cancel = move || {
        focus_back.set(true);
        asking.set(false);
    };
    let subject = StoredValue::new(subject);
    let label = move || format!("{} {}", i18n.t(action), subject.get_value());
    view! {
        {move || if asking.get() {
            view! {
                <span class="confirm" role="group" aria-label=label
                    on:keydown=move |ev| if ev.key() == "Escape" { cancel() }>
                    <span class="confirm__question">{i18n.t(Key::AreYouSure)}</span>
                    " "
                    <button type="button" class="link-button link-button--danger" node_ref=yes
                        aria-label=label
                        on:click=move |_| { asking.set(false); on_confirm.run(()); }>
                        {i18n.t(action)}
                    </button>
                    " "
                    <button type="button" class="link-button" on:click=move |_| cancel()>
                        {i18n.t(Key::Cancel)}
                    </button>
                </span>
            }.into_any()
        } else {
            view! {
                <button type="button" class="link-button" node_ref=trigger aria-label=label
                    on:click=move |_| asking.set(true)>
                    {i18n.t(action)}
                </button>
            }.into_any()
        }}
    }
}
