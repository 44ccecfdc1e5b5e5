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
    let references = Memo::new(move |_| {
        let mut refs: Vec<Reference> = page
            .listed()
            .iter()
            .filter_map(|q| Reference::of_qualification(&q.label))
            .collect();
        refs.dedup();
        refs
    });
    let rows = move || {
        let refs = references.get();
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
            <ul class="pair-legend">
                <li><span class="pair-swatch pair-swatch--own" aria-hidden="true"></span>{move || i18n.t(Key::CoverageInterviews)}</li>
                {move || references.get().into_iter().map(|r| view! {
                    <li><span class="pair-swatch pair-swatch--reference" aria-hidden="true"></span>{reference_name(r)}</li>
                }).collect_view()}
            </ul>
            {move || (total() == 0).then(|| view! { <p>{i18n.t(Key::CoverageNoInterviews)}</p> })}
            <div class="table-wrap">
                <table class="table dash-coverage" data-testid="coverage">
                    <thead><tr>
                        <th scope="col">{move || i18n.t(Key::SbiSection)}</th>
                        <th scope="col" class="num">{move || i18n.t(Key::CoverageInterviews)}</th>
                        {move || references.get().into_iter().map(|r| view! {
                            <th scope="col" class="num">{reference_name(r)}</th>
                        }).collect_view()}
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
            <th scope="row"><span class="dash-coverage__code">{code.clone()}</span> " " {name}</th>
            <td class="num">{format!("{} ({})", row.interviews, pct1(i18n.locale(), row.share))}</td>
            {row.references.iter().map(|(_, share, expected)| view! {
                <td class="num">
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
