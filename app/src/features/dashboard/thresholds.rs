//! The thresholds: what is in force (every member), and for coordinators an editor whose
//! preview counts, in the browser and by the server's own rule, how many verdicts new
//! thresholds would change before they are saved as a new version. Then the versions so far.

use leptos::prelude::*;

use super::api::{set_thresholds, threshold_versions};
use super::dto::{NewThresholds, ThresholdVersion};
use super::fmt::pct;
use super::model::preview;
use super::page::Page;
use crate::components::format::date_time;
use crate::components::verdict::verdict_key;
use crate::domain::verdict::Thresholds as Rule;
use crate::error::AppError;
use crate::i18n::{I18n, Key, use_i18n};

fn summary(i18n: I18n, t: &ThresholdVersion) -> String {
    i18n.t(Key::ThresholdsSummary)
        .replace("{good}", &pct(t.good_min))
        .replace("{partial}", &pct(t.partial_min))
        .replace("{n}", &t.min_n.to_string())
}

/// `75` (or `72,5`) → 0.75; what is not a percentage from 0 to 100 is none.
fn share(text: &str) -> Option<f64> {
    let v: f64 = text.trim().replace(',', ".").parse().ok()?;
    (v.is_finite() && (0.0..=100.0).contains(&v)).then_some(v / 100.0)
}

/// The editor's three fields as a rule, when they make one.
fn rule(good: &str, partial: &str, min_n: &str) -> Option<Rule> {
    let r = Rule {
        good_min: share(good)?,
        partial_min: share(partial)?,
        min_n: min_n.trim().parse().ok()?,
    };
    r.validate().ok().map(|_| r)
}

/// A share as the editor's field shows it: `0.75` → `75`.
fn field(x: f64) -> String {
    let v = (x * 1000.0).round() / 10.0;
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

#[component]
pub fn Thresholds(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let versions = Resource::new(
        move || page.refresh.threshold_versions.get(),
        move |_| threshold_versions(page.study),
    );
    let current = page.board.thresholds;
    view! {
        <section class="card" id="thresholds" aria-labelledby="thresholds-title">
            <h2 id="thresholds-title">{move || i18n.t(Key::ThresholdsTitle)}</h2>
            <p data-testid="thresholds-now">
                <strong>{move || i18n.t(Key::ThresholdVersionN).replace("{v}", &current.with(|t| t.version).to_string())}</strong>
                ": " {move || current.with(|t| summary(i18n, t))}
            </p>
            {page.coordinator.then(|| view! { <Editor page/> })}
            <h3>{move || i18n.t(Key::ThresholdHistory)}</h3>
            <Transition fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || versions.get().and_then(Result::ok).map(|list| {
                    // Who set a version, by name where the members are known (coordinators).
                    let names: Vec<(String, String)> = page
                        .members
                        .and_then(|m| m.get())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|m| (m.user_id.to_string(), if m.name.trim().is_empty() { m.email } else { m.name }))
                        .collect();
                    view! { <History list names current=current.with(|t| t.version)/> }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Editor(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let current = page.board.thresholds;
    let (good, partial, min_n) = current.with_untracked(|t| {
        (
            RwSignal::new(field(t.good_min)),
            RwSignal::new(field(t.partial_min)),
            RwSignal::new(t.min_n.to_string()),
        )
    });
    let next = Memo::new(move |_| rule(&good.get(), &partial.get(), &min_n.get()));
    let shown = Memo::new(move |_| {
        let now = current.with(ThresholdVersion::thresholds);
        next.get().map(|next| {
            let ids = page.listed_items();
            let counts = page.board.counts_of(ids.iter().map(String::as_str));
            preview(&counts, &now, &next)
        })
    });
    let saving = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<u32, AppError>>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(r) = next.get_untracked() else {
            return;
        };
        saving.set(true);
        outcome.set(None);
        let study = page.study;
        leptos::task::spawn_local(async move {
            let result = set_thresholds(
                study,
                NewThresholds {
                    good_min: r.good_min,
                    partial_min: r.partial_min,
                    min_n: r.min_n,
                },
            )
            .await;
            saving.set(false);
            if let Ok(v) = &result {
                // The live event follows; the figures need not wait for it.
                page.board.rethreshold(None, v);
                page.refresh.threshold_versions.update(|n| *n += 1);
            }
            outcome.set(Some(result.map(|v| v.version)));
        });
    };
    view! {
        <form class="dash-thresholds" on:submit=save data-testid="threshold-editor">
            <div class="dash-field">
                <label for="t-good">{move || i18n.t(Key::ThresholdGood)}</label>
                <input id="t-good" type="number" min="0" max="100" step="any" inputmode="decimal"
                    prop:value=move || good.get() on:input=move |ev| good.set(event_target_value(&ev))/>
            </div>
            <div class="dash-field">
                <label for="t-partial">{move || i18n.t(Key::ThresholdPartial)}</label>
                <input id="t-partial" type="number" min="0" max="100" step="any" inputmode="decimal"
                    prop:value=move || partial.get() on:input=move |ev| partial.set(event_target_value(&ev))/>
            </div>
            <div class="dash-field">
                <label for="t-min-n">{move || i18n.t(Key::ThresholdMinN)}</label>
                <input id="t-min-n" type="number" min="1" step="1" inputmode="numeric"
                    prop:value=move || min_n.get() on:input=move |ev| min_n.set(event_target_value(&ev))/>
            </div>
            <div class="dash-preview" role="status" aria-live="polite" data-testid="threshold-preview">
                <p class="dash-preview__title">{move || i18n.t(Key::PreviewTitle)}</p>
                {move || match shown.get() {
                    None => view! { <p class="notice notice--error">{i18n.t(Key::ThresholdInvalid)}</p> }.into_any(),
                    Some(p) if p.changed == 0 => view! { <p data-testid="preview-count" data-changed="0">{i18n.t(Key::PreviewNoChange)}</p> }.into_any(),
                    Some(p) => {
                        let head = if p.changed == 1 {
                            i18n.t(Key::PreviewOneChange).to_string()
                        } else {
                            i18n.t(Key::PreviewChanges).replace("{n}", &p.changed.to_string())
                        };
                        view! {
                            <p data-testid="preview-count" data-changed=p.changed.to_string()>{head}</p>
                            <ul class="dash-preview__moves">
                                {p.moves.into_iter().map(|(from, to, n)| view! {
                                    <li>
                                        <span class=format!("verdict verdict--{}", from.code())>{i18n.t(verdict_key(from))}</span>
                                        " → "
                                        <span class=format!("verdict verdict--{}", to.code())>{i18n.t(verdict_key(to))}</span>
                                        ": " <strong>{n}</strong>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </div>
            <button type="submit" class="button" disabled=move || saving.get() || next.get().is_none()>
                {move || i18n.t(Key::ThresholdSave)}
            </button>
            <div role="status" aria-live="polite">
                {move || outcome.get().map(|r| match r {
                    Ok(v) => view! { <p class="notice notice--ok" data-testid="threshold-saved">{i18n.t(Key::ThresholdSaved).replace("{v}", &v.to_string())}</p> }.into_any(),
                    Err(e) => view! { <p class="notice notice--error">{i18n.error(&e)}</p> }.into_any(),
                })}
            </div>
        </form>
    }
}

#[component]
fn History(
    list: Vec<ThresholdVersion>,
    names: Vec<(String, String)>,
    current: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="threshold-history">
                <thead><tr>
                    <th scope="col" class="num">{i18n.t(Key::ColVersion)}</th>
                    <th scope="col" class="num">{i18n.t(Key::ThresholdGood)}</th>
                    <th scope="col" class="num">{i18n.t(Key::ThresholdPartial)}</th>
                    <th scope="col" class="num">{i18n.t(Key::ThresholdMinN)}</th>
                    <th scope="col">{i18n.t(Key::ColSetBy)}</th>
                    <th scope="col">{i18n.t(Key::ColSetOn)}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().rev().map(|v| view! {
                        <tr>
                            <td class="num">
                                {v.version}
                                {(v.version == current).then(|| view! { " " <span class="muted">{format!("({})", i18n.t(Key::ThresholdInForce))}</span> })}
                            </td>
                            <td class="num">{field(v.good_min)}</td>
                            <td class="num">{field(v.partial_min)}</td>
                            <td class="num">{v.min_n}</td>
                            <td>{match &v.created_by {
                                None => i18n.t(Key::DefaultThresholds).to_string(),
                                Some(id) => names.iter().find(|(uid, _)| uid == id).map(|(_, n)| n.clone()).unwrap_or_else(|| "—".into()),
                            }}</td>
                            <td>{date_time(i18n.locale(), &v.created_at)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_percentages_with_either_decimal_mark() {
        assert_eq!(share("75"), Some(0.75));
        assert_eq!(share("72,5"), Some(0.725));
        assert_eq!(share("101"), None);
        assert_eq!(share("veel"), None);
        assert_eq!(field(0.75), "75");
        assert_eq!(field(0.725), "72.5");
    }

    #[test]
    fn only_a_valid_rule_can_be_saved() {
        assert_eq!(
            rule("80", "60", "4"),
            Some(Rule {
                good_min: 0.8,
                partial_min: 0.6,
                min_n: 4
            })
        );
        assert_eq!(rule("50", "60", "3"), None, "partly must be below well");
        assert_eq!(rule("80", "60", "0"), None, "at least one answer");
        assert_eq!(rule("80", "", "3"), None);
    }
}
