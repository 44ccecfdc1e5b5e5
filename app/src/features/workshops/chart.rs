//! A round's distribution, drawn as a table whose rows carry a bar (inline SVG: the content
//! security policy allows no inline styles, and SVG geometry is attributes). The words are the
//! table: rating, count and share, read out as they stand; the bars are decoration.

use leptos::prelude::*;

use super::model::{self, RoundFigures};
use crate::i18n::{Key, rating_key, use_i18n};

/// The four ratings of one round as horizontal bars with their counts and percentages, in the
/// report's colours; it follows `figures` as votes come in.
#[component]
pub fn Distribution(figures: Memo<RoundFigures>) -> impl IntoView {
    let i18n = use_i18n();
    let round = move || figures.with(|f| f.round);
    let rows = model::ORDER
        .into_iter()
        .enumerate()
        .map(|(at, rating)| {
            let count = move || model::ratings(&figures.with(|f| f.counts))[at].1;
            let share = move || model::percentages(&figures.with(|f| f.counts))[at];
            let code = rating.code();
            view! {
                <tr class=format!("ws-chart__row ws-chart__row--{code}") data-rating=code>
                    <th scope="row">{move || i18n.t(rating_key(rating))}</th>
                    <td class="ws-chart__bar">
                        <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                            <rect class="ws-bar__track" x="0" y="0" width="100" height="10"></rect>
                            <rect class=format!("ws-bar ws-bar--{code}") x="0" y="0" height="10"
                                width=move || share().to_string()></rect>
                        </svg>
                    </td>
                    <td class="num ws-chart__count" data-testid="count">{count}</td>
                    <td class="num ws-chart__share">{move || format!("{}%", share())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="ws-chart" data-testid="chart">
            <caption class="visually-hidden">
                {move || i18n.t(Key::WsDistributionOf).replace("{n}", &round().to_string())}
            </caption>
            <thead class="visually-hidden"><tr>
                <th scope="col">{move || i18n.t(Key::WsColRating)}</th>
                <td></td>
                <th scope="col">{move || i18n.t(Key::WsColCount)}</th>
                <th scope="col">{move || i18n.t(Key::WsColShare)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A thin stacked bar of a round's ratings, for a tile among many; hidden from screen readers,
/// which get the verdict and the counts in words beside it.
#[component]
pub fn MiniBar(figures: Memo<RoundFigures>) -> impl IntoView {
    let parts = move || {
        let c = figures.with(|f| f.counts);
        let shares = model::percentages(&c);
        let mut at = 0;
        model::ratings(&c)
            .into_iter()
            .zip(shares)
            .filter(|(_, share)| *share > 0)
            .map(|((rating, _), share)| {
                let start = at;
                at += share;
                view! {
                    <rect class=format!("ws-bar ws-bar--{}", rating.code()) y="0" height="10"
                        x=start.to_string() width=share.to_string()></rect>
                }
            })
            .collect_view()
    };
    view! {
        <svg class="ws-mini" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect class="ws-bar__track" x="0" y="0" width="100" height="10"></rect>
            {parts}
        </svg>
    }
}

/// How many of those who joined voted, as a bar (decoration: the words say it too).
#[component]
pub fn Turnout(voted: Signal<u32>, joined: Signal<u32>) -> impl IntoView {
    let width = move || {
        let (v, j) = (voted.get(), joined.get());
        if j == 0 {
            0
        } else {
            u32::try_from(u64::from(v.min(j)) * 100 / u64::from(j)).unwrap_or(100)
        }
    };
    view! {
        <svg class="ws-turnout" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect class="ws-turnout__track" x="0" y="0" width="100" height="4"></rect>
            <rect class="ws-turnout__bar" x="0" y="0" height="4" width=move || width().to_string()></rect>
        </svg>
    }
}
