//! Small pictures drawn as inline SVG (the page's content security policy allows no inline
//! styles, and SVG geometry is attributes): the rate with its interval, stacked ratings,
//! paired shares. Each says in words what it draws.

use leptos::prelude::*;

use super::dto::ItemAggregate;
use super::fmt::pct;
use crate::components::verdict::verdict_key;
use crate::domain::codebook::SectionKind;
use crate::domain::rating::{Counts, Rating};
use crate::domain::verdict::{Thresholds, Verdict};
use crate::i18n::{I18n, Key, use_i18n};

pub fn section_key(kind: Option<SectionKind>) -> Key {
    match kind {
        Some(SectionKind::Description) => Key::SectionDescription,
        Some(SectionKind::Tasks) => Key::SectionTasks,
        Some(SectionKind::Competencies) => Key::SectionCompetencies,
        _ => Key::SectionKnowledgeSkills,
    }
}

pub use crate::i18n::rating_key;

/// `72% herkend, 90%-interval 55% tot 85%`, or that there are no answers yet.
pub fn rate_text(i18n: I18n, a: &ItemAggregate) -> String {
    match (a.rate, a.ci_low, a.ci_high) {
        (Some(rate), Some(lo), Some(hi)) => i18n
            .t(Key::RateDescribed)
            .replace("{rate}", &pct(rate))
            .replace("{low}", &pct(lo))
            .replace("{high}", &pct(hi)),
        _ => i18n.t(Key::NoAnswersYet).to_string(),
    }
}

/// x of a share on a 0–100 axis, as an SVG attribute.
fn x(share: f64) -> String {
    format!("{:.2}", (share.clamp(0.0, 1.0)) * 100.0)
}

/// The verdict as a coloured label (the report's colours, the badge's classes), following the
/// item's signal; a mark when the verdict is not stable.
#[component]
pub fn VerdictCell(item: RwSignal<ItemAggregate>) -> impl IntoView {
    let i18n = use_i18n();
    let verdict = move || item.with(|a| a.verdict);
    let unstable = move || item.with(|a| a.verdict != Verdict::InsufficientData && !a.stable);
    view! {
        <span class=move || format!("verdict verdict--{}", verdict().code()) data-verdict=move || verdict().code()>
            {move || i18n.t(verdict_key(verdict()))}
        </span>
        {move || unstable().then(|| view! {
            <span class="dash-unstable" title=i18n.t(Key::NotStable) data-testid="unstable">
                <span aria-hidden="true">"~"</span>
                <span class="visually-hidden">{i18n.t(Key::NotStable)}</span>
            </span>
        })}
    }
}

/// The rate as a bar in its verdict's colour, the 90 % interval as a whisker, and the
/// thresholds as ticks; the figures in words beside it.
#[component]
pub fn RateBar(item: RwSignal<ItemAggregate>, thresholds: Signal<Thresholds>) -> impl IntoView {
    let i18n = use_i18n();
    let described = move || item.with(|a| rate_text(i18n, a));
    let rate = move || item.with(|a| a.rate);
    let whisker = move || item.with(|a| a.ci_low.zip(a.ci_high));
    view! {
        <span class="rate">
            <svg class="rate__chart" viewBox="0 0 100 16" preserveAspectRatio="none" role="img"
                aria-label=described focusable="false">
                <rect class="rate__track" x="0" y="4" width="100" height="8"></rect>
                <rect class=move || format!("rate__bar rate__bar--{}", item.with(|a| a.verdict.code()))
                    x="0" y="4" height="8" width=move || x(rate().unwrap_or(0.0))></rect>
                <line class="rate__tick" y1="0" y2="16" vector-effect="non-scaling-stroke"
                    x1=move || x(thresholds.get().partial_min) x2=move || x(thresholds.get().partial_min)></line>
                <line class="rate__tick" y1="0" y2="16" vector-effect="non-scaling-stroke"
                    x1=move || x(thresholds.get().good_min) x2=move || x(thresholds.get().good_min)></line>
                {move || whisker().map(|(lo, hi)| view! {
                    <line class="rate__whisker" y1="8" y2="8" x1=x(lo) x2=x(hi) vector-effect="non-scaling-stroke"></line>
                    <line class="rate__whisker" y1="2" y2="14" x1=x(lo) x2=x(lo) vector-effect="non-scaling-stroke"></line>
                    <line class="rate__whisker" y1="2" y2="14" x1=x(hi) x2=x(hi) vector-effect="non-scaling-stroke"></line>
                })}
            </svg>
            <span class="rate__value" aria-hidden="true">{move || rate().map(pct).unwrap_or_else(|| "–".into())}</span>
        </span>
    }
}

/// Ratings as one stacked bar (recognised, partly, not recognised, not discussed), with the
/// counts in words as its name.
#[component]
pub fn StackedBar(counts: Counts, #[prop(into)] label: String) -> impl IntoView {
    let i18n = use_i18n();
    let parts = [
        (Rating::Recognised, counts.recognised),
        (Rating::Partly, counts.partly),
        (Rating::NotRecognised, counts.not_recognised),
        (Rating::NotDiscussed, counts.not_discussed),
    ];
    let total: u32 = parts.iter().map(|(_, n)| n).sum();
    let words = parts
        .iter()
        .map(|(r, n)| format!("{n} {}", i18n.t(rating_key(*r)).to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut at = 0.0;
    let segments = parts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(r, n)| {
            let share = f64::from(*n) / f64::from(total.max(1));
            let start = at;
            at += share;
            view! {
                <rect class=format!("stack__part stack__part--{}", r.code()) y="0" height="10"
                    x=x(start) width=x(share)></rect>
            }
        })
        .collect_view();
    view! {
        <svg class="stack" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"
            aria-label=format!("{label}: {words}") focusable="false">
            <rect class="stack__track" x="0" y="0" width="100" height="10"></rect>
            {segments}
        </svg>
    }
}

/// Two or more shares side by side on a common scale (`max` is the axis' end): the first is
/// drawn solid, the others as reference bars.
#[component]
pub fn PairedBars(shares: Vec<(String, Option<f64>)>, max: f64) -> impl IntoView {
    let rows = shares.len().max(1);
    let height = rows * 8;
    let words = shares
        .iter()
        .map(|(what, s)| format!("{what} {}", s.map(pct).unwrap_or_else(|| "–".into())))
        .collect::<Vec<_>>()
        .join(", ");
    let bars = shares
        .into_iter()
        .enumerate()
        .map(|(i, (_, share))| {
            let class = if i == 0 {
                "pair__bar pair__bar--own"
            } else {
                "pair__bar pair__bar--reference"
            };
            let width = share.map(|s| x(s / max.max(f64::EPSILON))).unwrap_or_default();
            view! { <rect class=class x="0" y=(i * 8 + 1).to_string() height="6" width=width></rect> }
        })
        .collect_view();
    view! {
        <svg class="pair" viewBox=format!("0 0 100 {height}") height=height.to_string() preserveAspectRatio="none" role="img"
            aria-label=words focusable="false">
            {bars}
        </svg>
    }
}
