//! The capture form: one row per item, rated with 1/2/3/0, moved through with j/k or the arrow
//! keys, `n` for a note. Every change becomes an operation with its own op_id in a queue that
//! is kept in localStorage and sent in order; the server applies each op once, so a resend after
//! a dropped connection or a reload never duplicates anything.

use std::collections::HashMap;

use leptos::prelude::*;

use super::answers::{Local, known_key, store_known};
use super::api::{answer_history, save_answers};
use super::details::{FieldStore, InterviewDetails, TagEditor, field_label};
use super::dto::{AnswerView, BatchOp, DetailsOp, HistoryEntry, InterviewSummary, InterviewView};
use super::mark::RemoteMark;
use super::remote::Remote;
use crate::domain::codebook::{NodeKind, SectionKind};
use crate::domain::ids::InterviewId;
use crate::domain::rating::Rating;
use crate::features::codebooks::dto::{CodebookView, NodeView};
use crate::features::errors::parse_id;
use crate::i18n::{Key, use_i18n};
use crate::sync::{Outcome, SaveState, SyncQueue, account, storage};

#[derive(Debug, Clone, PartialEq)]
struct Conflict {
    item_id: String,
    mine: Rating,
    /// The text that change carried: the form now shows the stored text, so it is kept here.
    mine_note: Option<String>,
    mine_quote: Option<String>,
    server: Option<AnswerView>,
}

const SHORTCUTS: [(Rating, &str, Key); 4] = [
    (Rating::Recognised, "1", Key::RatingRecognised),
    (Rating::Partly, "2", Key::RatingPartly),
    (Rating::NotRecognised, "3", Key::RatingNotRecognised),
    (Rating::NotDiscussed, "0", Key::RatingNotDiscussed),
];

/// The id of a role's heading, where the jump menu goes.
fn role_anchor(role_id: &str) -> String {
    format!("role-{role_id}")
}

fn section_key(kind: Option<SectionKind>) -> Key {
    match kind {
        Some(SectionKind::Description) => Key::SectionDescription,
        Some(SectionKind::Tasks) => Key::SectionTasks,
        Some(SectionKind::Competencies) => Key::SectionCompetencies,
        _ => Key::SectionKnowledgeSkills,
    }
}

/// Where an interview's unsent answer changes of this page's account wait.
fn queue_key(interview_id: InterviewId) -> String {
    account::own_key(storage::QUEUE_PREFIXES[0], &interview_id.to_string())
}

/// The answers as this browser last knew them, so that a reload without a network shows them.
#[cfg(feature = "hydrate")]
pub(super) mod browser {
    //! The browser side: moving focus between rows.
    use wasm_bindgen::JsCast;

    /// Focuses the first unrated row after `current`, wrapping around to the top.
    pub fn focus_next_unrated(current: &web_sys::EventTarget) {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(rows) = doc.query_selector_all("li.capture-item") else {
            return;
        };
        let Some(current) = current.dyn_ref::<web_sys::Node>() else {
            return;
        };
        let n = rows.length();
        let at = (0..n)
            .find(|i| rows.get(*i).is_some_and(|r| r.is_same_node(Some(current))))
            .unwrap_or(0);
        let unrated = |i: u32| {
            rows.get(i)
                .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
                .filter(|el| el.get_attribute("data-rated").as_deref() == Some("false"))
        };
        if let Some(el) = (1..=n).map(|k| (at + k) % n).find_map(unrated) {
            let _ = el.focus();
        }
    }

    /// Whether keys pressed here are text being typed: inputs, text areas, selects and editable
    /// content get every key; shortcuts must never act there.
    pub fn is_text_entry(target: &web_sys::EventTarget) -> bool {
        target.dyn_ref::<web_sys::HtmlElement>().is_some_and(|el| {
            el.is_content_editable()
                || matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        })
    }

    pub fn focus_element(target: &web_sys::EventTarget) {
        if let Some(el) = target.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }

    /// Focuses the row of this item, unless the user has already put the focus somewhere.
    pub fn focus_item_if_idle(item_id: &str) {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let idle = doc
            .active_element()
            .is_none_or(|el| matches!(el.tag_name().as_str(), "BODY" | "MAIN"));
        if !idle {
            return;
        }
        let selector = format!("li.capture-item[data-item=\"{item_id}\"]");
        if let Some(el) = doc
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }

    /// Focuses the row `delta` places from `current` (a row element).
    pub fn focus_row(current: &web_sys::EventTarget, delta: i32) {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(rows) = doc.query_selector_all("li.capture-item") else {
            return;
        };
        let Some(current) = current.dyn_ref::<web_sys::Node>() else {
            return;
        };
        let n = rows.length() as i32;
        let at = (0..n).find(|i| {
            rows.get(*i as u32)
                .is_some_and(|r| r.is_same_node(Some(current)))
        });
        if let Some(at) = at {
            let next = (at + delta).clamp(0, n - 1);
            if let Some(el) = rows
                .get(next as u32)
                .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        }
    }
}

#[cfg(not(feature = "hydrate"))]
pub(super) mod browser {
    pub fn focus_row<T>(_current: &T, _delta: i32) {}
    pub fn focus_next_unrated<T>(_current: &T) {}
    pub fn is_text_entry<T>(_target: &T) -> bool {
        false
    }
    pub fn focus_element<T>(_target: &T) {}
    pub fn focus_item_if_idle(_item_id: &str) {}
}

#[component]
pub fn CaptureForm(
    interview: InterviewView,
    codebook: CodebookView,
    aspect_suggestions: Vec<String>,
    /// The details form's queue, so that one indicator tells of everything that waits.
    details: SyncQueue<DetailsOp, InterviewSummary>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editable = interview.can_edit;
    let interview_id = interview.summary.id.clone();
    let answers = RwSignal::new(
        interview
            .answers
            .iter()
            .map(|a| {
                let local = Local {
                    rating: Some(a.rating),
                    note: a.note.clone().unwrap_or_default(),
                    quote: a.quote.clone().unwrap_or_default(),
                    revision: a.revision,
                };
                (a.item_id.clone(), local)
            })
            .collect::<HashMap<_, _>>(),
    );
    let fields = FieldStore::new(interview_id.clone(), interview.fields.clone());
    let conflicts = RwSignal::new(Vec::<Conflict>::new());
    let id_for_flush = StoredValue::new(interview_id.clone());
    let known_store = StoredValue::new(known_key(interview_id));
    let remember = move || store_known(&known_store.get_value(), answers);
    let role_labels = StoredValue::new(
        codebook
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Role)
            .map(|n| (n.id.clone(), n.label.clone()))
            .collect::<HashMap<_, _>>(),
    );
    let remote = Remote::new(
        interview.summary.study_id,
        interview_id,
        answers,
        known_key(interview_id),
        fields,
        codebook
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Item)
            .map(|n| (n.id.clone(), item_label(n)))
            .collect(),
        role_labels.get_value(),
    );
    let queue = SyncQueue::new(
        queue_key(interview_id),
        move |ops: Vec<BatchOp>| async move { save_answers(id_for_flush.get_value(), ops).await },
        move |op: BatchOp, outcome| {
            let item = op.item_id.clone();
            settle(op, outcome, answers, conflicts);
            remember();
            remote.settled(&item);
        },
    );
    // Changes made elsewhere to this interview show in place (remote.rs).
    remote.listen(queue);

    // Changes queued in an earlier visit (offline, then reloaded) are shown and sent first; what
    // this browser knew newer than the page it got (a page served from the offline cache) too.
    Effect::new(move |_| {
        if let Some(known) = storage::load(&known_store.get_value())
            .and_then(|k| serde_json::from_str::<HashMap<String, Local>>(&k).ok())
        {
            answers.update(|map| {
                for (item, local) in known {
                    let entry = map.entry(item).or_default();
                    if local.revision > entry.revision {
                        *entry = local;
                    }
                }
            });
        }
        answers.update(|map| {
            for op in queue.stored() {
                let entry = map.entry(op.item_id.clone()).or_default();
                entry.rating = Some(op.change.rating);
                entry.note = op.change.note.clone().unwrap_or_default();
                entry.quote = op.change.quote.clone().unwrap_or_default();
            }
        });
        queue.resume();
    });

    let change = move |item_id: String, rating: Rating, note: String, quote: String| {
        // The base is the revision this change follows: the last one the server confirmed, plus one
        // for each change of this item still waiting in the queue (they are applied in order).
        // Revision 0 means "I saw no answer": if another tab answered meanwhile, that is a conflict.
        let confirmed = answers.with_untracked(|m| m.get(&item_id).map_or(0, |l| l.revision));
        let base = confirmed + queue.waiting_for(&item_id);
        remote.touched(&item_id);
        answers.update(|m| {
            let entry = m.entry(item_id.clone()).or_default();
            entry.rating = Some(rating);
            entry.note = note.clone();
            entry.quote = quote.clone();
        });
        remember();
        queue.push_new(|op_id| BatchOp {
            item_id,
            change: super::dto::AnswerChange {
                rating,
                note: (!note.trim().is_empty()).then_some(note),
                quote: (!quote.trim().is_empty()).then_some(quote),
                op_id,
                base_revision: Some(base),
            },
        });
    };

    let items: Vec<NodeView> = codebook
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Item)
        .cloned()
        .collect();
    let total = items.len();
    // Once the form is live, the first item without a rating takes the focus, so 1/2/3/0 work
    // at once (after what an earlier visit left has been applied, by the effect above).
    let order: Vec<String> = items.iter().map(|n| n.id.clone()).collect();
    Effect::new(move |_| {
        let first = answers.with_untracked(|m| {
            order
                .iter()
                .find(|id| m.get(*id).is_none_or(|l| l.rating.is_none()))
                .or(order.first())
                .cloned()
        });
        if let Some(id) = first {
            request_animation_frame(move || browser::focus_item_if_idle(&id));
        }
    });
    let answered = move || answers.with(|m| m.values().filter(|l| l.rating.is_some()).count());
    // One indicator for every queue of the page: the state that needs the user most, and all
    // that waits.
    let status_text = move || {
        let waiting = queue.waiting() + fields.queue.waiting() + details.waiting();
        let state = SaveState::worst([
            queue.state.get(),
            fields.queue.state.get(),
            details.state.get(),
        ]);
        match state {
            SaveState::Saved => i18n.t(Key::SaveSaved).to_string(),
            SaveState::Saving => i18n.t(Key::SaveSaving).to_string(),
            SaveState::Offline => format!(
                "{} — {} {}",
                i18n.t(Key::SaveOffline),
                waiting,
                i18n.t(Key::SaveWaiting)
            ),
            SaveState::SignedOut => format!(
                "{} — {} {}",
                i18n.t(Key::SaveSignedOut),
                waiting,
                i18n.t(Key::SaveWaiting)
            ),
            SaveState::Failed(e) => format!("{} {}", i18n.t(Key::SaveFailed), i18n.error(&e)),
        }
    };
    let suggestions = StoredValue::new(aspect_suggestions);
    let jumps: Vec<(String, String)> = codebook
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Role)
        .map(|n| {
            let label = match &n.number {
                Some(number) => format!("{number}. {}", n.label),
                None => n.label.clone(),
            };
            (role_anchor(&n.id), label)
        })
        .collect();
    let nodes = StoredValue::new(codebook.nodes);
    view! {
        <div class="capture-bar">
            <span class="capture-bar__count" role="status" aria-live="polite" data-testid="save-state">
                <span class="nowrap">{move || format!("{}/{} ", answered(), total)}{move || i18n.t(Key::CountItems).to_lowercase()}</span>
                " "
                <span class="capture-bar__state">{status_text}</span>
            </span>
            <super::jump::JumpMenu roles=jumps/>
        </div>
        <p class="muted capture-help">{move || i18n.t(Key::CaptureHelp)}</p>
        // What others changed, said aloud; each row shows its own mark.
        <p class="visually-hidden" aria-live="polite" data-testid="remote-news">{move || remote.news.get()}</p>
        {move || (!conflicts.with(Vec::is_empty)).then(|| view! { <Conflicts conflicts/> })}
        {move || (!fields.conflicts.with(Vec::is_empty)).then(|| view! {
            <div class="notice notice--error" role="alert" data-testid="field-conflicts">
                <p>{i18n.t(Key::FieldConflict)} " " {fields.conflicts.get().iter().map(|k| field_label(k, i18n.locale(), &role_labels.get_value())).collect::<Vec<_>>().join(", ")}</p>
                <button type="button" class="button button--secondary" on:click=move |_| fields.conflicts.set(vec![])>{i18n.t(Key::ConflictDismiss)}</button>
            </div>
        })}
        <div class="capture" data-testid="capture">
            {nodes.with_value(|ns| ns.iter().filter(|n| n.kind == NodeKind::Qualification).cloned().collect::<Vec<_>>()).into_iter().map(|qualification| {
                let roles: Vec<NodeView> = nodes.with_value(|ns| ns.iter().filter(|n| n.kind == NodeKind::Role && n.parent_id.as_deref() == Some(qualification.id.as_str())).cloned().collect());
                view! {
                    <section class="capture-qualification" aria-label=qualification.label.clone()>
                        <h2>{qualification.label.clone()}</h2>
                        {roles.into_iter().map(|role| {
                            let sections: Vec<NodeView> = nodes.with_value(|ns| ns.iter().filter(|n| n.parent_id.as_deref() == Some(role.id.as_str())).cloned().collect());
                            let role_items: Vec<String> = nodes.with_value(|ns| ns.iter().filter(|n| sections.iter().any(|s| n.parent_id.as_deref() == Some(s.id.as_str()))).map(|n| n.id.clone()).collect());
                            let role_total = role_items.len();
                            let role_done = move || answers.with(|m| role_items.iter().filter(|i| m.get(*i).is_some_and(|l| l.rating.is_some())).count());
                            view! {
                                <section class="capture-role" aria-label=role.label.clone()>
                                    <h3 id=role_anchor(&role.id) tabindex="-1">{format!("{}. {}", role.number.clone().unwrap_or_default(), role.label)} <span class="tree__count">{move || format!("{}/{}", role_done(), role_total)}</span></h3>
                                    {sections.into_iter().map(|section| {
                                        let section_items: Vec<NodeView> = nodes.with_value(|ns| ns.iter().filter(|n| n.parent_id.as_deref() == Some(section.id.as_str())).cloned().collect());
                                        view! {
                                            <h4>{move || i18n.t(section_key(section.section_kind))}</h4>
                                            <ul class="capture-items">
                                                {section_items.into_iter().map(|item| view! { <ItemRow item answers on_change=change interview_id=id_for_flush editable remote/> }).collect_view()}
                                            </ul>
                                        }
                                    }).collect_view()}
                                    <TagEditor store=fields key=format!("aspects:{}", role.id) label=Key::AspectsTitle suggestions=suggestions.get_value() read_only=!editable/>
                                </section>
                            }
                        }).collect_view()}
                    </section>
                }
            }).collect_view()}
            <InterviewDetails store=fields read_only=!editable/>
        </div>
    }
}

/// Shows what the server made of one answer change.
fn settle(
    op: BatchOp,
    outcome: Outcome<AnswerView>,
    answers: RwSignal<HashMap<String, Local>>,
    conflicts: RwSignal<Vec<Conflict>>,
) {
    match outcome {
        Outcome::Applied { revision, .. } => {
            answers.update(|m| m.entry(op.item_id.clone()).or_default().revision = revision)
        }
        Outcome::Stale { current: server } => {
            // The form shows what is stored; the notice shows what the user tried.
            answers.update(|m| {
                let entry = m.entry(op.item_id.clone()).or_default();
                if let Some(s) = &server {
                    entry.revision = s.revision;
                    entry.rating = Some(s.rating);
                    entry.note = s.note.clone().unwrap_or_default();
                    entry.quote = s.quote.clone().unwrap_or_default();
                }
            });
            conflicts.update(|c| {
                c.push(Conflict {
                    item_id: op.item_id.clone(),
                    mine: op.change.rating,
                    mine_note: op.change.note.clone(),
                    mine_quote: op.change.quote.clone(),
                    server,
                })
            });
        }
        // The queue reports it in the save indicator; the form keeps what was typed.
        Outcome::Refused(_) => {}
    }
}

#[component]
fn Conflicts(conflicts: RwSignal<Vec<Conflict>>) -> impl IntoView {
    let i18n = use_i18n();
    let rating_text = move |r: Rating| {
        SHORTCUTS
            .iter()
            .find(|(x, _, _)| *x == r)
            .map(|(_, _, k)| i18n.t(*k))
            .unwrap_or_default()
    };
    view! {
        <div class="notice notice--error" role="alert" data-testid="conflicts">
            <p><strong>{i18n.t(Key::ConflictTitle)}</strong></p>
            <ul>
                {move || conflicts.get().into_iter().map(|c| view! {
                    <li>
                        {format!("{}: {} {}{} — {} {}", &c.item_id[..8.min(c.item_id.len())], i18n.t(Key::ConflictMine), rating_text(c.mine), tried_text(&c), i18n.t(Key::ConflictServer),
                            c.server.as_ref().map(|s| rating_text(s.rating)).unwrap_or_default())}
                    </li>
                }).collect_view()}
            </ul>
            <button type="button" class="button button--secondary" on:click=move |_| conflicts.set(vec![])>{i18n.t(Key::ConflictDismiss)}</button>
        </div>
    }
}

/// The text a refused change carried, so that nothing typed is lost: ` “note” “quote”`.
fn tried_text(c: &Conflict) -> String {
    [&c.mine_note, &c.mine_quote]
        .into_iter()
        .flatten()
        .map(|t| format!(" “{t}”"))
        .collect()
}

/// "1.3 Verkoopt …": an item as the form lists it.
fn item_label(item: &NodeView) -> String {
    match &item.number {
        Some(n) => format!("{n}. {}", item.label),
        None => item.label.clone(),
    }
}

#[component]
fn ItemRow(
    item: NodeView,
    answers: RwSignal<HashMap<String, Local>>,
    on_change: impl Fn(String, Rating, String, String) + Copy + Send + Sync + 'static,
    interview_id: StoredValue<InterviewId>,
    editable: bool,
    remote: Remote,
) -> impl IntoView {
    let history_open = RwSignal::new(false);
    let i18n = use_i18n();
    let id = StoredValue::new(item.id.clone());
    let current = move || answers.with(|m| m.get(&id.get_value()).cloned().unwrap_or_default());
    // The text fields follow the stored text only when that text changes: a save's reply that
    // just moves the revision on must not put back a field the user is typing in.
    let stored_note = Memo::new(move |_| current().note);
    let stored_quote = Memo::new(move |_| current().quote);
    // Text typed before the item has a rating: an answer needs one, so it waits here (shown in
    // the fields, with a hint) and is saved together with the rating.
    let draft_note = RwSignal::new(None::<String>);
    let draft_quote = RwSignal::new(None::<String>);
    // Open when asked for, and always when there is something to show (also after the queue of an
    // earlier visit has been applied).
    let note_open = RwSignal::new(false);
    let show_note = move || {
        note_open.get()
            || draft_note.with(Option::is_some)
            || draft_quote.with(Option::is_some)
            || {
                let c = current();
                !c.note.is_empty() || !c.quote.is_empty()
            }
    };
    let note_ref = NodeRef::<leptos::html::Textarea>::new();
    let rate = move |r: Rating| {
        let c = current();
        let note = draft_note.get_untracked().unwrap_or(c.note);
        let quote = draft_quote.get_untracked().unwrap_or(c.quote);
        draft_note.set(None);
        draft_quote.set(None);
        on_change(id.get_value(), r, note, quote)
    };
    // A changed text is saved with the item's rating, or kept as a draft until it has one.
    let save_text = move |note: Option<String>, quote: Option<String>| {
        let c = current();
        match c.rating {
            Some(r) => on_change(
                id.get_value(),
                r,
                note.unwrap_or(c.note),
                quote.unwrap_or(c.quote),
            ),
            None => {
                if note.is_some() {
                    draft_note.set(note);
                }
                if quote.is_some() {
                    draft_quote.set(quote);
                }
            }
        }
    };
    let label = item_label(&item);
    // While the note or quote is being typed (or keeps text until the item has a rating), a
    // change heard from elsewhere must not replace it: the form holds it back (remote.rs).
    let text_focused = RwSignal::new(false);
    Effect::new(move |before: Option<bool>| {
        let typing = text_focused.get()
            || draft_note.with(Option::is_some)
            || draft_quote.with(Option::is_some);
        if before.unwrap_or(false) != typing {
            remote.typing(&id.get_value(), typing);
        }
        typing
    });
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(row) = ev.current_target() else {
            return;
        };
        if ev.target().is_some_and(|t| browser::is_text_entry(&t)) {
            // Every key belongs to the text, except Escape: back to the row, which blurs the
            // field and so saves what was typed (its change event).
            if ev.key() == "Escape" {
                ev.prevent_default();
                browser::focus_element(&row);
            }
            return;
        }
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match ev.key().as_str() {
            "1" if editable => rate(Rating::Recognised),
            "2" if editable => rate(Rating::Partly),
            "3" if editable => rate(Rating::NotRecognised),
            "0" if editable => rate(Rating::NotDiscussed),
            "j" | "ArrowDown" => browser::focus_row(&row, 1),
            "k" | "ArrowUp" => browser::focus_row(&row, -1),
            "u" => browser::focus_next_unrated(&row),
            "h" => history_open.update(|o| *o = !*o),
            "n" => {
                note_open.set(true);
                // A microtask runs before the next keystroke is handled, so nothing typed is lost.
                queue_microtask(move || {
                    if let Some(t) = note_ref.get_untracked() {
                        let _ = t.focus();
                    }
                });
            }
            _ => return,
        }
        ev.prevent_default();
    };
    let (row_label, group_label) = (label.clone(), label.clone());
    let waits_for_rating = move || {
        editable
            && current().rating.is_none()
            && (note_open.get()
                || draft_note.with(Option::is_some)
                || draft_quote.with(Option::is_some))
    };
    view! {
        <li
            class="capture-item"
            tabindex="0"
            data-item=item.id.clone()
            data-rated=move || current().rating.is_some().to_string()
            aria-label=row_label
            on:keydown=keydown
        >
            <p class="capture-item__label">{label} <RemoteMark mark=Signal::derive(move || remote.mark(&id.get_value()))/></p>
            <div class="rating-group" role="radiogroup" aria-label=group_label aria-readonly=(!editable).then_some("true")>
                {SHORTCUTS.into_iter().map(|(r, shortcut, key)| view! {
                    <button
                        type="button"
                        role="radio"
                        tabindex="-1"
                        class=format!("rating rating--{}", r.code())
                        aria-checked=move || (current().rating == Some(r)).to_string()
                        disabled=!editable
                        on:click=move |_| rate(r)
                    >
                        <kbd>{shortcut}</kbd> " " {move || i18n.t(key)}
                    </button>
                }).collect_view()}
                <button type="button" class="link-button" tabindex="-1" aria-expanded=move || show_note().to_string() on:click=move |_| note_open.update(|o| *o = !*o)>
                    {move || i18n.t(Key::NoteToggle)}
                </button>
                <button type="button" class="link-button" tabindex="-1" aria-expanded=move || history_open.get().to_string() on:click=move |_| history_open.update(|o| *o = !*o)>
                    {move || i18n.t(Key::HistoryToggle)}
                </button>
            </div>
            <Show when=move || history_open.get()>
                <History interview_id=interview_id.get_value() item_id=id.get_value() revision=Signal::derive(move || current().revision)/>
            </Show>
            <Show when=show_note>
                <textarea
                    node_ref=note_ref
                    rows="2"
                    readonly=!editable
                    aria-label=move || i18n.t(Key::NoteLabel)
                    prop:value=move || draft_note.get().unwrap_or_else(|| stored_note.get())
                    on:focus=move |_| text_focused.set(true)
                    on:blur=move |_| text_focused.set(false)
                    on:change=move |ev| save_text(Some(event_target_value(&ev)), None)
                ></textarea>
                <input
                    type="text"
                    class="capture-item__quote"
                    maxlength="2000"
                    readonly=!editable
                    placeholder=move || i18n.t(Key::QuoteLabel)
                    aria-label=move || i18n.t(Key::QuoteLabel)
                    prop:value=move || draft_quote.get().unwrap_or_else(|| stored_quote.get())
                    on:focus=move |_| text_focused.set(true)
                    on:blur=move |_| text_focused.set(false)
                    on:change=move |ev| save_text(None, Some(event_target_value(&ev)))
                />
                <Show when=waits_for_rating>
                    <p class="capture-item__hint" role="status">{move || i18n.t(Key::NoteWaitsForRating)}</p>
                </Show>
            </Show>
        </li>
    }
}

/// The stored changes of one answer, newest last; fetched again when its revision moves on.
#[component]
fn History(interview_id: InterviewId, item_id: String, revision: Signal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let ids = StoredValue::new((interview_id, item_id));
    let entries = LocalResource::new(move || {
        revision.track();
        let (interview_id, item_id) = ids.get_value();
        async move { answer_history(interview_id, parse_id(Some(item_id))?).await }
    });
    let rating_text = move |r: Option<Rating>| match r {
        Some(r) => SHORTCUTS
            .iter()
            .find(|(x, _, _)| *x == r)
            .map(|(_, _, k)| i18n.t(*k))
            .unwrap_or_default(),
        None => i18n.t(Key::HistoryNone),
    };
    view! {
        <div class="history" data-testid="history">
            <p class="history__title">{move || i18n.t(Key::HistoryTitle)}</p>
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || entries.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.t(Key::HistoryEmpty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="history__list">
                            {list.into_iter().map(|e| view! {
                                <li>
                                    <span class="muted">{crate::components::format::date_time(i18n.locale(), &e.at)} " · " {e.actor.clone()}</span>
                                    <ul class="history__changes">
                                        {changes(&e, i18n, rating_text).into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                                    </ul>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(e) => view! { <p class="notice notice--error">{i18n.error(&e)}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// What one stored change did, a line per part: the rating, the note, the quote (as typed).
fn changes(
    e: &HistoryEntry,
    i18n: crate::i18n::I18n,
    rating_text: impl Fn(Option<Rating>) -> &'static str,
) -> Vec<String> {
    let mut out = Vec::new();
    if e.old_rating != Some(e.new_rating) {
        out.push(format!(
            "{}: {} → {}",
            i18n.t(Key::HistoryRatingChanged),
            rating_text(e.old_rating),
            rating_text(Some(e.new_rating))
        ));
    }
    let text_change = |key: Key, old: &Option<String>, new: &Option<String>| {
        (old != new).then(|| match new {
            Some(text) => format!("{}: “{text}”", i18n.t(key)),
            None => format!("{}: {}", i18n.t(key), i18n.t(Key::HistoryRemoved)),
        })
    };
    out.extend(text_change(
        Key::HistoryNoteChanged,
        &e.old_note,
        &e.new_note,
    ));
    out.extend(text_change(
        Key::HistoryQuoteChanged,
        &e.old_quote,
        &e.new_quote,
    ));
    out
}
