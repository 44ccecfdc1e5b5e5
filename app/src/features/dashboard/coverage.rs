//! Coverage: interviews per SBI section beside the share of active training companies in that
//! section (table 1 of the report), so the coordinator sees which sectors still need interviews.
//! The column of table 1 is the chosen qualification's; without a choice, every qualification's
//! of the codebook that the report covers.

use leptos::prelude::*;

use super::charts::PairedBars;
use super::fmt::{one_decimal, pct1};
use super::model::{CoverageRow, Reference, coverage_rows};
use super::page::Page;
use crate::domain::reference::{TRAINING_COMPANIES, sbi_section};
use crate::i18n::{Key, use_i18n};

#[component]
pub fn Coverage(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    // The columns of table 1 for the qualifications on the page.
    let available = Memo::new(move |_| {
        let mut refs: Vec<Reference> = Vec::new();
        for r in page
            .listed()
            .iter()
            .filter_map(|q| Reference::of_qualification(&q.label))
        {
            if !refs.contains(&r) {
                refs.push(r);
            }
        }
        refs
    });
    let chosen = RwSignal::new(None::<Reference>);
    let reference = Memo::new(move |_| {
        let refs = available.get();
        chosen
            .get()
            .filter(|c| refs.contains(c))
            .or_else(|| refs.first().copied())
    });
    let rows = move || {
        let refs: Vec<Reference> = reference.get().into_iter().collect();
        page.board.coverage.with(|c| coverage_rows(c, &refs))
    };
    let total = move || {
        page.board
            .coverage
            .with(|c| c.iter().map(|s| s.respondents).sum::<u32>())
    };
    let reference_name = move |r: Reference| {
        i18n.t(Key::CoverageReference)
            .replace("{qualification}", r.qualification())
    };
    view! {
        <section class="card" id="coverage" aria-labelledby="coverage-title">
            <h2 id="coverage-title">{move || i18n.t(Key::CoverageTitle)}</h2>
            <p class="muted">{move || i18n.t(Key::CoverageHelp)}</p>
            {move || (available.with(Vec::len) > 1).then(|| view! {
                <div class="dash-field dash-coverage__choice">
                    <label for="coverage-reference">{i18n.t(Key::CoverageCompare)}</label>
                    <select id="coverage-reference" on:change=move |ev| {
                        let code = event_target_value(&ev);
                        chosen.set(Reference::ALL.into_iter().find(|r| r.code() == code));
                    }>
                        {available.get().into_iter().map(|r| view! {
                            <option value=r.code() selected=move || reference.get() == Some(r)>{r.qualification()}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <ul class="pair-legend">
                <li><span class="pair-swatch pair-swatch--own" aria-hidden="true"></span>{move || i18n.t(Key::CoverageInterviews)}</li>
                {move || reference.get().map(|r| view! {
                    <li><span class="pair-swatch pair-swatch--reference" aria-hidden="true"></span>{reference_name(r)}</li>
                })}
            </ul>
            {move || (total() == 0).then(|| view! { <p>{i18n.t(Key::CoverageNoInterviews)}</p> })}
            <div class="table-wrap">
                <table class="table dash-coverage" data-testid="coverage">
                    <thead><tr>
                        <th scope="col">{move || i18n.t(Key::SbiSection)}</th>
                        <th scope="col" class="num">{move || i18n.t(Key::CoverageInterviews)}</th>
                        {move || reference.get().map(|_| view! {
                            <th scope="col" class="num">{i18n.t(Key::CoverageCompanies)}</th>
                        })}
                        <th scope="col" class="dash-coverage__chart"><span class="visually-hidden">{move || i18n.t(Key::CoverageTitle)}</span></th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let rows = rows();
                            let max = rows
                                .iter()
                                .flat_map(|r| std::iter::once(Some(r.share)).chain(r.references.iter().map(|x| x.1)))
                                .flatten()
                                .fold(0.0_f64, f64::max);
                            rows.into_iter().map(|row| view! { <CoverageLine row max/> }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <p class="muted dash-source">{TRAINING_COMPANIES.source.clone()}</p>
        </section>
    }
}

#[component]
fn CoverageLine(row: CoverageRow, max: f64) -> impl IntoView {
    let i18n = use_i18n();
    let code = row.sbi_section.clone();
    let name = sbi_section(&code)
        .map(|s| s.name(i18n.locale()).to_string())
        .unwrap_or_else(|| i18n.t(Key::SbiUnknown).to_string());
    let short = row.short();
    let mut shares = vec![(i18n.t(Key::CoverageInterviews).to_string(), Some(row.share))];
    shares.extend(row.references.iter().map(|(r, s, _)| {
        (
            i18n.t(Key::CoverageReference)
                .replace("{qualification}", r.qualification()),
            *s,
        )
    }));
    view! {
        <tr class=if short { "dash-coverage__row dash-coverage__row--short" } else { "dash-coverage__row" }
            data-sbi=code.clone()>
            <th scope="row"><span class="dash-coverage__code">{code.clone()}</span> " " <span class="dash-coverage__name">{name}</span></th>
            <td class="num" data-label=i18n.t(Key::CoverageInterviews)>{format!("{} ({})", row.interviews, pct1(i18n.locale(), row.share))}</td>
            {row.references.iter().map(|(_, share, expected)| view! {
                <td class="num" data-label=i18n.t(Key::CoverageCompanies)>
                    {share.map(|s| pct1(i18n.locale(), s)).unwrap_or_else(|| "–".into())}
                    {expected.map(|e| view! {
                        <span class="dash-coverage__expected">
                            {i18n.t(Key::CoverageExpected).replace("{x}", &one_decimal(i18n.locale(), e))}
                        </span>
                    })}
                </td>
            }).collect_view()}
            <td class="dash-coverage__chart">
                <PairedBars shares max/>
                {short.then(|| view! { <span class="dash-coverage__short">{i18n.t(Key::CoverageShort)}</span> })}
            </td>
        </tr>
    }
}
