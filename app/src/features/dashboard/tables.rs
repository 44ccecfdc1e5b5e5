//! The report's chapter 4/5 tables: per qualification and role, one row per item with its
//! number and text, the verdict in the report's colours, n and the rate with its interval; per
//! role its own verdict and per role and section how many items have each verdict. Every row
//! follows its item's signal, so a live answer changes its cells in place.

use leptos::prelude::*;

use super::charts::{RateBar, VerdictCell, section_key};
use super::model::{Item, Qualification, Role, Section};
use super::page::Page;
use crate::components::verdict::verdict_key;
use crate::domain::rollup::RollUp;
use crate::domain::verdict::Verdict;
use crate::i18n::{Key, use_i18n};

const VERDICTS: [Verdict; 4] = [
    Verdict::Good,
    Verdict::Partial,
    Verdict::Insufficient,
    Verdict::InsufficientData,
];

#[component]
pub fn Tables(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section id="tables" aria-labelledby="tables-title">
            <h2 id="tables-title">{move || i18n.t(Key::TablesTitle)}</h2>
            <p class="muted" data-testid="tables-version">
                {move || i18n.t(Key::ThresholdVersionN).replace("{v}", &page.board.thresholds.with(|t| t.version).to_string())}
            </p>
            <For each=move || page.listed() key=|q| q.id.clone() let:q>
                <QualificationTables q page/>
            </For>
        </section>
    }
}

/// Items per verdict, as small coloured counts ("12 Sluit goed aan, 3 …").
#[component]
fn VerdictCounts(up: RwSignal<RollUp>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="dash-counts" aria-label=move || i18n.t(Key::ItemsPerVerdict)>
            {VERDICTS.into_iter().map(|v| view! {
                <li class=format!("dash-count dash-count--{}", v.code())>
                    <span class="dash-count__n">{move || up.with(|u| u.items.get(v))}</span>
                    " "
                    <span class="dash-count__label">{move || i18n.t(verdict_key(v))}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn QualificationTables(q: Qualification, page: Page) -> impl IntoView {
    let up = page.board.roll_up(&q.id);
    view! {
        <section class="card dash-qualification" aria-label=q.label.clone()>
            <h3>{q.label.clone()}</h3>
            {up.map(|up| view! { <VerdictCounts up/> })}
            {q.roles.into_iter().map(|role| view! { <RoleTable role page/> }).collect_view()}
        </section>
    }
}

#[component]
fn RoleTable(role: Role, page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let up = page.board.roll_up(&role.id);
    let heading = format!("role-{}", role.id);
    let title = role.title();
    let version = move || page.board.thresholds.with(|t| t.version).to_string();
    let own = move || up.and_then(|u| u.with(|u| u.own));
    view! {
        <div class="dash-role" data-role=role.id.clone()>
            <h4 id=heading.clone()>{title.clone()}</h4>
            <div class="dash-role__summary">
                <p>
                    {move || i18n.t(Key::RoleVerdict)} ": "
                    {move || own().map(|v| view! {
                        <span class=format!("verdict verdict--{}", v.code()) data-testid="role-verdict">{i18n.t(verdict_key(v))}</span>
                    })}
                </p>
                {up.map(|up| view! { <VerdictCounts up/> })}
            </div>
            <div class="table-wrap">
                <table class="table dash-table" aria-labelledby=heading>
                    <caption class="visually-hidden">
                        {title.clone()} " (" {move || i18n.t(Key::ThresholdVersionN).replace("{v}", &version())} ")"
                    </caption>
                    <thead><tr>
                        <th scope="col" class="num">{move || i18n.t(Key::ColNumber)}</th>
                        <th scope="col">{move || i18n.t(Key::ColItem)}</th>
                        <th scope="col">{move || i18n.t(Key::ColVerdict)}</th>
                        <th scope="col" class="num">"n"</th>
                        <th scope="col">{move || i18n.t(Key::ColRate)}</th>
                    </tr></thead>
                    {role.sections.into_iter().map(|section| view! { <SectionRows section page/> }).collect_view()}
                </table>
            </div>
        </div>
    }
}

#[component]
fn SectionRows(section: Section, page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let up = page.board.roll_up(&section.id);
    let kind = section.kind;
    let items = section.items;
    view! {
        <tbody>
            <tr class="dash-table__section">
                <th scope="rowgroup" colspan="5">
                    <span>{move || i18n.t(section_key(kind))}</span>
                    {up.map(|up| view! { <VerdictCounts up/> })}
                </th>
            </tr>
            <For each=move || items.clone() key=|i| i.id.clone() let:item>
                <ItemRow item page/>
            </For>
        </tbody>
    }
}

#[component]
fn ItemRow(item: Item, page: Page) -> impl IntoView {
    let Some(signal) = page.board.item(&item.id) else {
        return ().into_any();
    };
    let thresholds = Signal::derive(move || page.board.thresholds.with(|t| t.thresholds()));
    let id = item.id.clone();
    view! {
        <tr class="dash-row" data-item=item.id.clone()>
            <td class="num dash-row__number">{item.number.clone().unwrap_or_default()}</td>
            <td class="dash-row__label">
                <button type="button" class="link-button" on:click=move |_| page.selected.set(Some(id.clone()))>
                    <span class="dash-row__text">{item.label.clone()}</span>
                </button>
            </td>
            <td class="dash-row__verdict" data-testid="verdict"><VerdictCell item=signal/></td>
            <td class="num dash-row__n" data-testid="n">{move || signal.with(|a| a.n)}</td>
            <td class="dash-row__rate"><RateBar item=signal thresholds/></td>
        </tr>
    }
    .into_any()
}
