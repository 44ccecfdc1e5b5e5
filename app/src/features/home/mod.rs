//! The landing page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::verdict::VerdictBadge;
use crate::domain::verdict::Verdict;
use crate::i18n::{Key, use_i18n};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || i18n.t(Key::NavOverview)/>
        <section class="hero">
            <h1>{move || i18n.t(Key::HomeTitle)}</h1>
            <p class="lead">{move || i18n.t(Key::Tagline)}</p>
            <p>{move || i18n.t(Key::HomeIntro)}</p>
            <p class="muted">{move || i18n.t(Key::HomeAudience)}</p>
        </section>
        <section class="card" aria-labelledby="legend-title">
            <h2 id="legend-title">{move || i18n.t(Key::VerdictLegend)}</h2>
            <ul class="verdict-legend">
                <li><VerdictBadge verdict=Verdict::Good/></li>
                <li><VerdictBadge verdict=Verdict::Partial/></li>
                <li><VerdictBadge verdict=Verdict::Insufficient/></li>
                <li><VerdictBadge verdict=Verdict::InsufficientData/></li>
            </ul>
        </section>
    }
}
