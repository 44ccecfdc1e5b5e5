//! One item's answers in a dialog: every note and quote per interview (organisation and SBI
//! section for coordinators only), and the ratings per source and per SBI section as stacked
//! bars. A modal `<dialog>`: the focus stays inside, Escape closes it and the focus returns to
//! the button that opened it. It follows live answers to its item.

use leptos::html::Dialog;
use leptos::prelude::*;

use super::api::item_detail_of;
use super::charts::{StackedBar, VerdictCell, rate_text, rating_key};
use super::dto::{ItemAnswer, ItemDetail, LiveEvent};
use super::page::Page;
use crate::domain::reference::sbi_section;
use crate::domain::tally::Source;
use crate::i18n::{Key, use_i18n};
use crate::sync::live::use_live;

#[component]
pub fn Drill(page: Page) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let open = page.selected.with(Option::is_some);
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    view! {
        <dialog class="drill" node_ref=dialog aria-labelledby="drill-title" data-testid="drill"
            on:close=move |_| page.selected.set(None)>
            {move || page.selected.get().map(|id| view! { <DrillBody id page/> })}
        </dialog>
    }
}

#[component]
fn DrillBody(id: String, page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live(page.study);
    // Asked again when an answer to this item arrives.
    let changed = RwSignal::new(0u32);
    let watched = id.clone();
    live.subscribe(move |r| {
        if let LiveEvent::Answer { item_id, .. } | LiveEvent::Vote { item_id, .. } = &*r.event
            && *item_id == watched
        {
            changed.update(|n| *n += 1);
        }
    });
    let study = page.study;
    let item_id = id.clone();
    let detail = Resource::new(
        move || changed.get(),
        move |_| {
            let item_id = item_id.clone();
            async move {
                let item = item_id.parse().map_err(|_| {
                    crate::error::AppError::new(crate::error::ErrorCode::NotFound, "not an item")
                })?;
                item_detail_of(study, item).await
            }
        },
    );
    let signal = page.board.item(&id);
    let title = page.item_title(&id).unwrap_or_default();
    let label = page.item_label(&id).unwrap_or_default();
    view! {
        <div class="drill__head">
            <h2 id="drill-title">{title}</h2>
            <form method="dialog">
                <button type="submit" class="button button--secondary" autofocus>{move || i18n.t(Key::Close)}</button>
            </form>
        </div>
        <p class="drill__label">{label}</p>
        {signal.map(|s| view! {
            <p class="drill__verdict">
                <VerdictCell item=s/>
                " · n = " {move || s.with(|a| a.n)}
                " · " {move || s.with(|a| rate_text(i18n, a))}
            </p>
        })}
        <Transition fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
            {move || detail.get().map(|r| match r {
                Ok(d) => view! { <DetailView d coordinator=page.coordinator/> }.into_any(),
                Err(e) => view! { <p class="notice notice--error" role="alert">{i18n.error(&e)}</p> }.into_any(),
            })}
        </Transition>
    }
}

fn key_label(i18n: crate::i18n::I18n, by: &str, key: &str) -> String {
    match (by, Source::from_code(key)) {
        ("source", Some(Source::Interview)) => i18n.t(Key::SourceInterview).to_string(),
        ("source", Some(Source::Workshop)) => i18n.t(Key::SourceWorkshop).to_string(),
        _ => sbi_section(key)
            .map(|s| s.label(i18n.locale()))
            .unwrap_or_else(|| i18n.t(Key::SbiUnknown).to_string()),
    }
}

#[component]
fn DetailView(d: ItemDetail, coordinator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let group = |by: &'static str, heading: Key| {
        let rows: Vec<_> = d
            .distributions
            .iter()
            .filter(|x| x.by == by)
            .cloned()
            .collect();
        (!rows.is_empty()).then(|| {
            view! {
                <h3>{i18n.t(heading)}</h3>
                <dl class="drill__bars">
                    {rows.into_iter().map(|x| {
                        let label = key_label(i18n, by, &x.key);
                        view! {
                            <div class="drill__bar">
                                <dt>{label.clone()}</dt>
                                <dd><StackedBar counts=x.counts label/> <span class="drill__n">{format!("n = {}", x.counts.n())}</span></dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
            }
        })
    };
    let by_source = group("source", Key::DrillBySource);
    let by_sbi = group("sbi_section", Key::DrillBySbi);
    let legend = [
        crate::domain::rating::Rating::Recognised,
        crate::domain::rating::Rating::Partly,
        crate::domain::rating::Rating::NotRecognised,
        crate::domain::rating::Rating::NotDiscussed,
    ];
    let answers = d.answers;
    view! {
        <p class="muted" data-testid="drill-version">
            {i18n.t(Key::ThresholdVersionN).replace("{v}", &d.threshold_version.to_string())}
        </p>
        <ul class="stack-legend">
            {legend.into_iter().map(|r| view! {
                <li><span class=format!("stack-swatch stack__part--{}", r.code()) aria-hidden="true"></span>{i18n.t(rating_key(r))}</li>
            }).collect_view()}
        </ul>
        {by_source}
        {by_sbi}
        <h3>{i18n.t(Key::DrillAnswers)}</h3>
        {if answers.is_empty() {
            view! { <p>{i18n.t(Key::DrillNoAnswers)}</p> }.into_any()
        } else {
            view! {
                <ul class="drill__answers" data-testid="drill-answers">
                    {answers.into_iter().map(|a| view! { <AnswerLine a coordinator/> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn AnswerLine(a: ItemAnswer, coordinator: bool) -> impl IntoView {
    let i18n = use_i18n();
    // The server leaves the organisation out for others; the sector too is for coordinators.
    let who = coordinator.then(|| {
        let sbi = a
            .sbi_section
            .clone()
            .unwrap_or_else(|| i18n.t(Key::SbiUnknown).to_string());
        match &a.organisation {
            Some(org) => format!("{org} · SBI {sbi}"),
            None => format!("SBI {sbi}"),
        }
    });
    view! {
        <li class="drill__answer">
            <p class="drill__answer-head">
                <span class=format!("dash-rating dash-rating--{}", a.rating.code())>{i18n.t(rating_key(a.rating))}</span>
                {who.map(|w| view! { " " <span class="drill__who" data-testid="drill-who">{w}</span> })}
            </p>
            {a.note.map(|n| view! { <p class="drill__note"><span class="drill__tag">{i18n.t(Key::Note)}": "</span>{n}</p> })}
            {a.quote.map(|q| view! {
                <blockquote class="drill__quote"><span class="visually-hidden">{i18n.t(Key::Quote)}": "</span>{q}</blockquote>
            })}
        </li>
    }
}
