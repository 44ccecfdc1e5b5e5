//! The verdict badge: colour plus text, so the verdict never depends on colour alone.

use leptos::prelude::*;

use crate::domain::verdict::Verdict;
use crate::i18n::{Key, use_i18n};

pub fn verdict_key(verdict: Verdict) -> Key {
    match verdict {
        Verdict::Good => Key::VerdictGood,
        Verdict::Partial => Key::VerdictPartial,
        Verdict::Insufficient => Key::VerdictInsufficient,
        Verdict::InsufficientData => Key::VerdictInsufficientData,
    }
}

#[component]
pub fn VerdictBadge(verdict: Verdict) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("verdict verdict--{}", verdict.code())>
            {move || i18n.t(verdict_key(verdict))}
        </span>
    }
}
