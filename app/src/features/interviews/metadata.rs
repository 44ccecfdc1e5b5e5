//! The interview's details (organisation, SBI section, date, mode, notes, consent), folded away:
//! they are filled in once and rarely changed. A save is an op in the page's op queue like a
//! rating: kept in this browser first, sent when the network allows, so a save without a
//! connection survives a reload. Each edit names the revision it was made on, so a colleague's
//! newer save is never overwritten unseen: the refusal shows what is stored, the form keeps
//! what was typed, and a second save (now on the stored revision) is a deliberate choice.

use leptos::prelude::*;

use super::api::update_interview;
use super::dto::{self, DetailsOp, InterviewPatch, InterviewSummary};
use crate::domain::ids::InterviewId;
use crate::domain::reference::SBI_SECTIONS;
use crate::error::{AppError, ErrorCode};
use crate::i18n::{Key, use_i18n};
use crate::sync::{CallFailure, OpResult, Outcome, SaveState, SyncQueue, account, storage};

pub type DetailsQueue = SyncQueue<DetailsOp, InterviewSummary>;

fn queue_key(interview_id: InterviewId) -> String {
    account::own_key(
        storage::QUEUE_PREFIXES[0],
        &format!("details.{interview_id}"),
    )
}

/// The queue of an interview's details edits. `stored` follows what the server has; a refused
/// edit lands in `stale`.
pub fn details_queue(
    interview_id: InterviewId,
    stored: RwSignal<InterviewSummary>,
    stale: RwSignal<Option<InterviewSummary>>,
) -> DetailsQueue {
    let id = StoredValue::new(interview_id.clone());
    SyncQueue::new(
        queue_key(interview_id),
        move |ops: Vec<DetailsOp>| send_all(id.get_value(), ops),
        move |op, outcome| match outcome {
            Outcome::Applied { current, .. } => {
                if let Some(current) = current {
                    stored.set(current);
                }
            }
            Outcome::Stale { current } => {
                if let Some(current) = current {
                    stored.set(current.clone());
                    // An edit already reflected in what is stored needs no second look.
                    if !op.is_reflected_in(&current) {
                        stale.set(Some(current));
                    }
                }
            }
            Outcome::Refused(_) => {}
        },
    )
}

/// Sends the edits one by one, in order: the details have one revision, so each edit follows
/// the one before it. Stops at a failure of the call itself; the edits after it wait.
async fn send_all(
    interview_id: InterviewId,
    ops: Vec<DetailsOp>,
) -> Result<Vec<OpResult<InterviewSummary>>, AppError> {
    let mut results = Vec::with_capacity(ops.len());
    for op in ops {
        match send(interview_id, &op).await {
            Ok(result) => results.push(result),
            Err(e) if results.is_empty() => return Err(e),
            Err(_) => break,
        }
    }
    Ok(results)
}

async fn send(
    interview_id: InterviewId,
    op: &DetailsOp,
) -> Result<OpResult<InterviewSummary>, AppError> {
    let reply = update_interview(interview_id, op.patch.clone()).await;
    let result = |status, revision, error, current| OpResult {
        op_id: op.op_id.clone(),
        status,
        revision,
        error,
        current,
    };
    match reply {
        Ok(saved) => Ok(result(200, Some(saved.revision), None, Some(saved))),
        Err(e) if CallFailure::of(&e) != CallFailure::Other => Err(e),
        Err(e) => {
            let current = stale_details(&e);
            match current {
                // The reply to an earlier send of this very edit got lost: it is applied.
                Some(c) if op.is_reflected_in(&c) => {
                    Ok(result(200, Some(c.revision), None, Some(c)))
                }
                current => Ok(result(409, None, Some(e), current)),
            }
        }
    }
}

/// The stored details a `stale` refusal carries.
fn stale_details(e: &AppError) -> Option<InterviewSummary> {
    (e.code == ErrorCode::Stale)
        .then(|| e.current.clone())
        .flatten()
        .and_then(|c| serde_json::from_value(c).ok())
}

/// The form's fields as typed.
#[derive(Debug, Clone, PartialEq, Default)]
struct Draft {
    organisation: String,
    sbi_section: String,
    respondent_function: String,
    held_on: String,
    mode: String,
    notes: String,
    consent: bool,
}

impl Draft {
    fn of(s: &InterviewSummary) -> Draft {
        Draft {
            organisation: s.organisation.clone(),
            sbi_section: s.sbi_section.clone(),
            respondent_function: s.respondent_function.clone().unwrap_or_default(),
            held_on: s.held_on.clone().unwrap_or_default(),
            mode: s.mode.map(|m| m.code().to_string()).unwrap_or_default(),
            notes: s.notes.clone().unwrap_or_default(),
            consent: s.consent,
        }
    }

    fn apply(&mut self, p: &InterviewPatch) {
        let set = |field: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                *field = v.clone();
            }
        };
        set(&mut self.organisation, &p.organisation);
        set(&mut self.sbi_section, &p.sbi_section);
        set(&mut self.respondent_function, &p.respondent_function);
        set(&mut self.held_on, &p.held_on);
        set(&mut self.mode, &p.mode);
        set(&mut self.notes, &p.notes);
        if let Some(c) = p.consent {
            self.consent = c;
        }
    }

    fn patch(&self, base_revision: u32) -> InterviewPatch {
        InterviewPatch {
            organisation: Some(self.organisation.clone()),
            sbi_section: Some(self.sbi_section.clone()),
            respondent_function: Some(self.respondent_function.clone()),
            held_on: Some(self.held_on.clone()),
            mode: Some(self.mode.clone()),
            consent: Some(self.consent),
            notes: Some(self.notes.clone()),
            base_revision: Some(base_revision),
        }
    }
}

/// The details as the user should see them: what is stored, with edits still waiting on top.
pub fn shown(stored: &InterviewSummary, pending: &[DetailsOp]) -> InterviewSummary {
    let mut draft = Draft::of(stored);
    for op in pending {
        draft.apply(&op.patch);
    }
    InterviewSummary {
        organisation: draft.organisation,
        sbi_section: draft.sbi_section,
        respondent_function: Some(draft.respondent_function).filter(|s| !s.trim().is_empty()),
        held_on: Some(draft.held_on).filter(|s| !s.is_empty()),
        mode: dto::Mode::from_code(&draft.mode),
        notes: Some(draft.notes).filter(|s| !s.trim().is_empty()),
        consent: draft.consent,
        ..stored.clone()
    }
}

#[component]
pub fn MetadataForm(
    stored: RwSignal<InterviewSummary>,
    stale: RwSignal<Option<InterviewSummary>>,
    queue: DetailsQueue,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = Draft::of(&stored.get_untracked());
    let draft = RwSignal::new(initial.clone());
    let submitted = RwSignal::new(false);
    // After a reload, the form shows the edits this browser still has to send.
    Effect::new(move |_| {
        let pending = queue.stored();
        if !pending.is_empty() {
            draft.update(|d| pending.iter().for_each(|op| d.apply(&op.patch)));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        stale.set(None);
        submitted.set(true);
        let base = stored.with_untracked(|s| s.revision) + queue.waiting_for(DetailsOp::TARGET);
        queue.push_new(|op_id| DetailsOp {
            op_id,
            patch: draft.with_untracked(|d| d.patch(base)),
        });
    };
    let text_input = move |set: fn(&mut Draft, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            draft.update(|d| set(d, value));
        }
    };
    let mode = initial.mode.clone();
    view! {
        <details class="card metadata" data-testid="metadata">
            <summary>{move || i18n.t(Key::EditDetails)}</summary>
            <form class="form" on:submit=submit>
                <label for="md-org">{move || i18n.t(Key::Organisation)}</label>
                <input id="md-org" name="organisation" type="text" required maxlength="300"
                    value=initial.organisation.clone()
                    prop:value=move || draft.with(|d| d.organisation.clone())
                    on:input=text_input(|d, v| d.organisation = v)/>
                <label for="md-sbi">{move || i18n.t(Key::SbiSection)}</label>
                <select id="md-sbi" name="sbi_section" required
                    prop:value=move || draft.with(|d| d.sbi_section.clone())
                    on:change=text_input(|d, v| d.sbi_section = v)>
                    {SBI_SECTIONS.iter().map(|s| view! { <option value=s.code.clone() selected=s.code == initial.sbi_section>{s.label(i18n.locale())}</option> }).collect_view()}
                </select>
                <label for="md-function">{move || i18n.t(Key::RespondentFunction)}</label>
                <input id="md-function" name="respondent_function" type="text" maxlength="300"
                    value=initial.respondent_function.clone()
                    prop:value=move || draft.with(|d| d.respondent_function.clone())
                    on:input=text_input(|d, v| d.respondent_function = v)/>
                <label for="md-date">{move || i18n.t(Key::HeldOn)}</label>
                <input id="md-date" name="held_on" type="date"
                    value=initial.held_on.clone()
                    prop:value=move || draft.with(|d| d.held_on.clone())
                    on:input=text_input(|d, v| d.held_on = v)/>
                <label for="md-mode">{move || i18n.t(Key::Mode)}</label>
                <select id="md-mode" name="mode"
                    prop:value=move || draft.with(|d| d.mode.clone())
                    on:change=text_input(|d, v| d.mode = v)>
                    <option value="" selected=mode.is_empty()>"—"</option>
                    <option value="on_site" selected=mode == "on_site">{move || i18n.t(Key::ModeOnSite)}</option>
                    <option value="video" selected=mode == "video">{move || i18n.t(Key::ModeVideo)}</option>
                    <option value="phone" selected=mode == "phone">{move || i18n.t(Key::ModePhone)}</option>
                </select>
                <label for="md-notes">{move || i18n.t(Key::InterviewNotes)}</label>
                <textarea id="md-notes" name="notes" rows="3" maxlength="20000"
                    prop:value=move || draft.with(|d| d.notes.clone())
                    on:input=text_input(|d, v| d.notes = v)>{initial.notes.clone()}</textarea>
                <span class="checkbox">
                    <input id="md-consent" name="consent" type="checkbox" checked=initial.consent
                        prop:checked=move || draft.with(|d| d.consent)
                        on:change=move |ev| draft.update(|d| d.consent = event_target_checked(&ev))/>
                    <label for="md-consent">{move || i18n.t(Key::Consent)}</label>
                </span>
                <button type="submit" class="button">{move || i18n.t(Key::SaveDetails)}</button>
            </form>
            {move || stale.get().map(|current| view! { <StaleDetails current/> })}
            {move || (submitted.get() && stale.with(Option::is_none)).then(|| {
                let waiting = queue.waiting() > 0;
                match queue.state.get() {
                    SaveState::Failed(e) if !waiting => view! { <p class="notice notice--error" role="alert">{i18n.error(&e)}</p> }.into_any(),
                    SaveState::Saved if !waiting => view! { <p class="notice notice--ok" role="status">{i18n.t(Key::DetailsSaved)}</p> }.into_any(),
                    SaveState::Saving => view! { <p class="notice" role="status">{i18n.t(Key::SaveSaving)}</p> }.into_any(),
                    _ => view! { <p class="notice" role="status" data-testid="details-queued">{i18n.t(Key::DetailsQueued)}</p> }.into_any(),
                }
            })}
        </details>
    }
}

/// What a colleague stored meanwhile, next to the form that still holds this user's version.
#[component]
fn StaleDetails(current: InterviewSummary) -> impl IntoView {
    let i18n = use_i18n();
    let here = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let mode = current.mode.map(|m| match m {
        dto::Mode::OnSite => Key::ModeOnSite,
        dto::Mode::Video => Key::ModeVideo,
        dto::Mode::Phone => Key::ModePhone,
    });
    let rows = [
        (Key::Organisation, current.organisation),
        (Key::SbiSection, current.sbi_section),
        (
            Key::RespondentFunction,
            current.respondent_function.unwrap_or_default(),
        ),
        (Key::HeldOn, current.held_on.unwrap_or_default()),
        (
            Key::Mode,
            mode.map(|k| i18n.t(k).to_string()).unwrap_or_default(),
        ),
        (
            Key::Consent,
            if current.consent { "✓" } else { "—" }.to_string(),
        ),
        (Key::InterviewNotes, current.notes.unwrap_or_default()),
    ];
    view! {
        <div class="notice notice--error" role="alert" data-testid="details-conflict">
            <p>{i18n.t(Key::DetailsStale)}</p>
            <dl class="facts">
                {rows.into_iter().map(|(label, value)| view! { <dt>{i18n.t(label)}</dt><dd>{value}</dd> }).collect_view()}
            </dl>
            <p>{i18n.t(Key::DetailsStaleHint)}</p>
            // Loading the page again fills the form with the stored details.
            <p><a href=here rel="external">{i18n.t(Key::DetailsTakeStored)}</a></p>
        </div>
    }
}
