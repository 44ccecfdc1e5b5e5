//! The whole bcp on one screen: one small square per item in its verdict's colour, grouped by
//! role. Each square is a button named by its item and verdict; it opens the item's answers.

use leptos::prelude::*;

use super::charts::section_key;
use super::model::{Qualification, Role};
use super::page::Page;
use crate::components::verdict::{VerdictBadge, verdict_key};
use crate::domain::verdict::Verdict;
use crate::i18n::{Key, use_i18n};

#[component]
pub fn Overview(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let version = move || page.board.thresholds.with(|t| t.version).to_string();
    view! {
        <section class="card" id="overview" aria-labelledby="overview-title">
            <h2 id="overview-title">{move || i18n.t(Key::OverviewTitle)}</h2>
            <p class="muted">
                {move || i18n.t(Key::OverviewHelp)} " "
                <span data-testid="overview-version">{move || format!("({})", i18n.t(Key::ThresholdVersionN).replace("{v}", &version()))}</span>
            </p>
            <ul class="verdict-legend" aria-label=move || i18n.t(Key::VerdictLegend)>
                {[Verdict::Good, Verdict::Partial, Verdict::Insufficient, Verdict::InsufficientData]
                    .into_iter()
                    .map(|v| view! { <li><VerdictBadge verdict=v/></li> })
                    .collect_view()}
            </ul>
            <div class="ov" data-testid="overview">
                <For each=move || page.listed() key=|q| q.id.clone() let:q>
                    <OverviewQualification q page/>
                </For>
            </div>
        </section>
    }
}

#[component]
fn OverviewQualification(q: Qualification, page: Page) -> impl IntoView {
    view! {
        <div class="ov-qualification">
            <h3>{q.label.clone()}</h3>
            {q.roles.into_iter().map(|role| view! { <OverviewRole role page/> }).collect_view()}
        </div>
    }
}

#[component]
fn OverviewRole(role: Role, page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let title = role.title();
    let cells = role
        .sections
        .iter()
        .flat_map(|s| {
            s.items
                .iter()
                .enumerate()
                .map(move |(i, item)| (s.kind, i == 0, item.clone()))
        })
        .filter_map(|(kind, first, item)| {
            let signal = page.board.item(&item.id)?;
            let verdict = move || signal.with(|a| a.verdict);
            let id = item.id.clone();
            let number = item.number.clone();
            let name = move || {
                let place = match &number {
                    Some(n) => format!("{} {n}", i18n.t(section_key(kind))),
                    None => i18n.t(section_key(kind)).to_string(),
                };
                format!("{place}: {}", i18n.t(verdict_key(verdict())))
            };
            let tooltip = {
                let name = name.clone();
                let label = item.label.clone();
                move || format!("{} — {label}", name())
            };
            Some(view! {
                <button type="button"
                    class=move || format!("ov-cell ov-cell--{}{}", verdict().code(), if first { " ov-cell--first" } else { "" })
                    data-item=item.id.clone() data-verdict=move || verdict().code()
                    aria-label=name title=tooltip
                    on:click=move |_| page.selected.set(Some(id.clone()))></button>
            })
        })
        .collect_view();
    view! {
        <div class="ov-role" role="group" aria-label=title.clone()>
            <p class="ov-role__name" aria-hidden="true">{title.clone()}</p>
            <div class="ov-cells">{cells}</div>
        </div>
    }
}
