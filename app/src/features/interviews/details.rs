//! The interview's fields besides item ratings: trend impacts, job titles, related occupations,
//! education levels, and aspects per role. They are kept like answers: every change is an op
//! with its own op_id in a queue in localStorage, sent in order, applied once by the server.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use super::api::save_fields;
use super::dto::{FieldChange, FieldOp, FieldView};
use super::mark::{Mark, RemoteMark};
use crate::domain::ids::InterviewId;
use crate::domain::interview_fields::{EducationLevel, FieldKey, FieldValue, TrendImpact};
use crate::domain::reference::TRENDS;
use crate::error::{AppError, ErrorCode};
use crate::i18n::{Key, Locale, use_i18n};
use crate::sync::{Outcome, SaveState, SyncQueue, account, storage};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Known {
    value: FieldValue,
    revision: u32,
}

/// Field values and the queue of their unsent changes, shared by the editors.
#[derive(Clone, Copy)]
pub struct FieldStore {
    values: RwSignal<HashMap<String, Known>>,
    pub queue: SyncQueue<FieldOp, FieldView>,
    /// Keys whose change was refused because someone else changed them first.
    pub conflicts: RwSignal<Vec<String>>,
    /// Keys changed elsewhere, as the live stream told (`remote.rs`).
    marks: RwSignal<HashMap<String, Mark>>,
    /// Told when the user stops typing in a field's text, so that a change held back meanwhile
    /// can be shown (`remote.rs` sets it).
    on_idle: StoredValue<Option<IdleHook>>,
    interview_id: StoredValue<InterviewId>,
}

type IdleHook = Arc<dyn Fn(&str) + Send + Sync>;

/// Marks a text input whose value the store sets: a change heard from elsewhere waits while
/// it has the focus (`remote.rs`). A tag's input is not one: it only holds the next tag.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub const FOLLOWS_STORE: &str = "data-follows-store";

fn queue_key(interview_id: InterviewId) -> String {
    account::own_key(storage::QUEUE_PREFIXES[1], &interview_id.to_string())
}

fn known_key(interview_id: InterviewId) -> String {
    account::own_key("aansluiting.fields.", &interview_id.to_string())
}

impl FieldStore {
    pub fn new(interview_id: InterviewId, fields: Vec<FieldView>) -> FieldStore {
        let values = RwSignal::new(
            fields
                .into_iter()
                .map(|f| {
                    (
                        f.key,
                        Known {
                            value: f.value,
                            revision: f.revision,
                        },
                    )
                })
                .collect::<HashMap<_, _>>(),
        );
        let conflicts = RwSignal::new(Vec::new());
        let marks = RwSignal::new(HashMap::new());
        let id = StoredValue::new(interview_id.clone());
        let queue = SyncQueue::new(
            queue_key(interview_id),
            move |ops: Vec<FieldOp>| async move { save_fields(id.get_value(), ops).await },
            move |op: FieldOp, outcome| {
                // The queue's answer settles what a mark announced.
                marks.update(|m: &mut HashMap<String, Mark>| {
                    m.remove(&op.key);
                });
                settle(op, outcome, values, conflicts);
                remember(id, values);
            },
        );
        let store = FieldStore {
            values,
            queue,
            conflicts,
            marks,
            on_idle: StoredValue::new(None),
            interview_id: id,
        };
        // What an earlier visit left: newer known values and changes still to send.
        Effect::new(move |_| store.restore());
        store
    }

    pub fn value(&self, key: &str) -> Option<FieldValue> {
        self.values.with(|m| m.get(key).map(|k| k.value.clone()))
    }

    pub fn tags(&self, key: &str) -> Vec<String> {
        match self.value(key) {
            Some(FieldValue::Tags(t)) => t,
            _ => Vec::new(),
        }
    }

    pub fn levels(&self, key: &str) -> Vec<EducationLevel> {
        match self.value(key) {
            Some(FieldValue::Levels(l)) => l,
            _ => Vec::new(),
        }
    }

    /// The value shown, the revision it has and the changes of it still waiting (base revision
    /// and value), for deciding on a change heard from elsewhere.
    pub(super) fn value_untracked(&self, key: &str) -> Option<FieldValue> {
        self.values
            .with_untracked(|m| m.get(key).map(|k| k.value.clone()))
    }

    pub(super) fn revision(&self, key: &str) -> u32 {
        self.values
            .with_untracked(|m| m.get(key).map_or(0, |k| k.revision))
    }

    pub(super) fn pending(&self, key: &str) -> Vec<(Option<u32>, FieldValue)> {
        self.queue
            .pending_for(key)
            .into_iter()
            .filter_map(|op| {
                let value = serde_json::from_value::<FieldValue>(op.change.value).ok()?;
                Some((op.change.base_revision, value))
            })
            .collect()
    }

    /// Takes another's change: its revision, and its value when it differs from the one shown.
    pub(super) fn take(&self, key: &str, revision: u32, value: Option<FieldValue>) {
        self.values.update(|m| match value {
            Some(value) => {
                m.insert(key.to_string(), Known { value, revision });
            }
            None => {
                if let Some(k) = m.get_mut(key) {
                    k.revision = revision;
                }
            }
        });
        remember(self.interview_id, self.values);
    }

    pub fn mark(&self, key: &str) -> Option<Mark> {
        self.marks.with(|m| m.get(key).copied())
    }

    pub(super) fn when_idle(&self, hook: impl Fn(&str) + Send + Sync + 'static) {
        self.on_idle.set_value(Some(Arc::new(hook)));
    }

    /// The user stopped typing in the field's text (after its change, if any, was queued).
    pub fn idle(&self, key: &str) {
        if let Some(hook) = self.on_idle.get_value() {
            hook(key);
        }
    }

    pub(super) fn set_mark(&self, key: &str, mark: Mark) {
        self.marks.update(|m| {
            m.insert(key.to_string(), mark);
        });
    }

    /// Shows the change at once, queues it, and sends the queue.
    pub fn set(&self, key: String, value: FieldValue) {
        // The user has seen the field as it is now.
        self.marks.update(|m| {
            if m.get(&key) == Some(&Mark::Changed) {
                m.remove(&key);
            }
        });
        let confirmed = self
            .values
            .with_untracked(|m| m.get(&key).map_or(0, |k| k.revision));
        let base = confirmed + self.queue.waiting_for(&key);
        let json = serde_json::to_value(&value);
        self.values.update(|m| {
            let revision = m.get(&key).map_or(0, |k| k.revision);
            m.insert(key.clone(), Known { value, revision });
        });
        remember(self.interview_id, self.values);
        let value = match json {
            Ok(value) => value,
            Err(e) => {
                let e = AppError::new(ErrorCode::Internal, e.to_string());
                return self.queue.state.set(SaveState::Failed(e));
            }
        };
        self.queue.push_new(|op_id| FieldOp {
            key,
            change: FieldChange {
                value,
                op_id,
                base_revision: Some(base),
            },
        });
    }

    fn restore(&self) {
        let id = self.interview_id.get_value();
        if let Some(known) = storage::load(&known_key(id))
            .and_then(|k| serde_json::from_str::<HashMap<String, Known>>(&k).ok())
        {
            self.values.update(|m| {
                for (key, k) in known {
                    if m.get(&key).is_none_or(|mine| k.revision > mine.revision) {
                        m.insert(key, k);
                    }
                }
            });
        }
        self.values.update(|m| {
            for op in self.queue.stored() {
                if let Ok(value) = serde_json::from_value::<FieldValue>(op.change.value.clone()) {
                    let revision = m.get(&op.key).map_or(0, |k| k.revision);
                    m.insert(op.key.clone(), Known { value, revision });
                }
            }
        });
        self.queue.resume();
    }
}

/// The values as this browser last knew them, so that a reload without a network shows them.
fn remember(id: StoredValue<InterviewId>, values: RwSignal<HashMap<String, Known>>) {
    let known = serde_json::to_string(&values.get_untracked()).unwrap_or_else(|_| "{}".into());
    storage::store(&known_key(id.get_value()), &known);
}

/// Shows what the server made of one field change.
fn settle(
    op: FieldOp,
    outcome: Outcome<FieldView>,
    values: RwSignal<HashMap<String, Known>>,
    conflicts: RwSignal<Vec<String>>,
) {
    match outcome {
        Outcome::Applied { revision, .. } => values.update(|m| {
            if let Some(k) = m.get_mut(&op.key) {
                k.revision = k.revision.max(revision);
            }
        }),
        Outcome::Stale { current } => {
            values.update(|m| match current {
                Some(c) => {
                    m.insert(
                        op.key.clone(),
                        Known {
                            value: c.value,
                            revision: c.revision,
                        },
                    );
                }
                None => {
                    m.remove(&op.key);
                }
            });
            conflicts.update(|c| c.push(op.key.clone()));
        }
        // The queue reports it in the save indicator.
        Outcome::Refused(_) => {}
    }
}

fn impact_key(impact: TrendImpact) -> Key {
    match impact {
        TrendImpact::Large => Key::ImpactLarge,
        TrendImpact::Some => Key::ImpactSome,
        TrendImpact::None => Key::ImpactNone,
        TrendImpact::NotDiscussed => Key::ImpactNotDiscussed,
    }
}

/// The interview-wide fields, after the roles.
#[component]
pub fn InterviewDetails(store: FieldStore, #[prop(optional)] read_only: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="capture-role details" aria-labelledby="details-title" data-testid="details">
            <h2 id="details-title">{move || i18n.t(Key::DetailsTitle)}</h2>
            <h3 id=TRENDS_ANCHOR tabindex="-1">{move || i18n.t(Key::TrendsTitle)}</h3>
            <div class="trend-rows">
                {TRENDS.iter().map(|t| view! { <TrendRow store trend_key=t.key.clone() name_nl=t.name_nl.clone() name_en=t.name_en.clone() read_only/> }).collect_view()}
            </div>
            <h3 id=JOBS_ANCHOR tabindex="-1">{move || i18n.t(Key::JobsAndEducation)}</h3>
            <TagEditor store key=FieldKey::JobTitles.code() label=Key::JobTitles suggestions=Vec::new() read_only/>
            <TagEditor store key=FieldKey::RelatedOccupations.code() label=Key::RelatedOccupations suggestions=Vec::new() read_only/>
            <LevelEditor store key=FieldKey::EducationNow.code() label=Key::EducationNow read_only/>
            <LevelEditor store key=FieldKey::EducationInFiveYears.code() label=Key::EducationInFiveYears read_only/>
        </section>
    }
}

/// Where the jump menu goes for the trends and for jobs and education.
pub const TRENDS_ANCHOR: &str = "trends-title";
pub const JOBS_ANCHOR: &str = "jobs-title";

#[component]
fn TrendRow(
    store: FieldStore,
    trend_key: String,
    name_nl: String,
    name_en: String,
    read_only: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(FieldKey::Trend(trend_key.clone()).code());
    let current = move || match store.value(&key.get_value()) {
        Some(FieldValue::Trend { impact, note }) => Some((impact, note.unwrap_or_default())),
        _ => None,
    };
    let name = move || {
        if i18n.locale() == Locale::En {
            name_en.clone()
        } else {
            name_nl.clone()
        }
    };
    let note_label = {
        let name = name.clone();
        move || format!("{}: {}", i18n.t(Key::TrendNote), name())
    };
    let select_id = format!("trend-{trend_key}");
    let note_id = format!("trend-note-{trend_key}");
    let on_impact = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        if let Some(impact) = TrendImpact::ALL.into_iter().find(|i| i.code() == code) {
            let note = current().map(|(_, n)| n).filter(|n| !n.is_empty());
            store.set(key.get_value(), FieldValue::Trend { impact, note });
        }
    };
    let on_note = move |ev: leptos::ev::Event| {
        if let Some((impact, _)) = current() {
            let note = event_target_value(&ev);
            let note = (!note.trim().is_empty()).then_some(note);
            store.set(key.get_value(), FieldValue::Trend { impact, note });
        }
    };
    view! {
        <div class="trend-row" data-trend=trend_key.clone() data-field=key.get_value()>
            <span class="trend-row__name"><label for=select_id.clone()>{name}</label> <RemoteMark mark=Signal::derive(move || store.mark(&key.get_value()))/></span>
            <select id=select_id disabled=read_only on:change=on_impact prop:value=move || current().map(|(i, _)| i.code().to_string()).unwrap_or_default()>
                <option value="">"—"</option>
                {TrendImpact::ALL.into_iter().map(|i| view! { <option value=i.code()>{move || i18n.t(impact_key(i))}</option> }).collect_view()}
            </select>
            <input
                id=note_id
                type="text"
                maxlength="2000"
                placeholder=move || i18n.t(Key::TrendNote)
                aria-label=note_label
                disabled=move || read_only || current().is_none()
                prop:value=move || current().map(|(_, n)| n).unwrap_or_default()
                on:change=on_note
                on:blur=move |_| store.idle(&key.get_value())
                data-follows-store=""
            />
        </div>
    }
}

/// Free tags with chips: Enter or the button adds, each chip has its own remove button.
#[component]
pub fn TagEditor(
    store: FieldStore,
    key: String,
    label: Key,
    suggestions: Vec<String>,
    #[prop(optional)] read_only: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(key);
    let draft = RwSignal::new(String::new());
    let input_id = format!("tags-{}", key.get_value().replace(':', "-"));
    let list_id = format!("{input_id}-suggestions");
    let add = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let mut tags = store.tags(&key.get_value());
        tags.push(text);
        if let Ok(clean) = crate::domain::interview_fields::normalise_tags(tags) {
            store.set(key.get_value(), FieldValue::Tags(clean));
        }
        draft.set(String::new());
    };
    let remove = move |tag: String| {
        let tags: Vec<String> = store
            .tags(&key.get_value())
            .into_iter()
            .filter(|t| *t != tag)
            .collect();
        store.set(key.get_value(), FieldValue::Tags(tags));
    };
    view! {
        <div class="tag-editor" data-field=key.get_value()>
            <label for=input_id.clone()>{move || i18n.t(label)}</label> <RemoteMark mark=Signal::derive(move || store.mark(&key.get_value()))/>
            <ul class="chips" aria-live="polite">
                {move || store.tags(&key.get_value()).into_iter().map(|tag| {
                    let t = tag.clone();
                    view! {
                        <li class="chip">
                            <span>{tag.clone()}</span>
                            <button type="button" class="chip__remove" disabled=read_only aria-label=move || format!("{} {}", i18n.t(Key::TagRemove), t) on:click=move |_| remove(tag.clone())>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="tag-editor__add" hidden=read_only>
                <input
                    id=input_id
                    type="text"
                    maxlength="100"
                    list=list_id.clone()
                    placeholder=move || i18n.t(Key::TagPlaceholder)
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <button type="button" class="button button--secondary" on:click=move |_| add()>{move || i18n.t(Key::TagAdd)}</button>
            </div>
            <datalist id=list_id>
                {suggestions.into_iter().map(|s| view! { <option value=s/> }).collect_view()}
            </datalist>
        </div>
    }
}

#[component]
fn LevelEditor(store: FieldStore, key: String, label: Key, read_only: bool) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(key);
    view! {
        <fieldset class="levels" data-field=key.get_value()>
            <legend>{move || i18n.t(label)}</legend> <RemoteMark mark=Signal::derive(move || store.mark(&key.get_value()))/>
            {EducationLevel::ALL.into_iter().map(|level| {
                let id = format!("{}-{}", key.get_value(), level.code());
                let toggle = move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    let mut levels: Vec<EducationLevel> = store.levels(&key.get_value()).into_iter().filter(|l| *l != level).collect();
                    if on {
                        levels.push(level);
                    }
                    levels.sort();
                    store.set(key.get_value(), FieldValue::Levels(levels));
                };
                view! {
                    <span class="levels__option">
                        <input type="checkbox" id=id.clone() disabled=read_only prop:checked=move || store.levels(&key.get_value()).contains(&level) on:change=toggle/>
                        <label for=id>{level.label()}</label>
                    </span>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A field's name as the interviewer knows it, for notices; `roles` maps role ids to labels.
pub fn field_label(key: &str, locale: Locale, roles: &HashMap<String, String>) -> String {
    let text = |k: Key| crate::i18n::text(locale, k).to_string();
    match FieldKey::parse(key) {
        Some(FieldKey::Trend(t)) => TRENDS
            .iter()
            .find(|tr| tr.key == t)
            .map(|tr| {
                if locale == Locale::En {
                    tr.name_en.clone()
                } else {
                    tr.name_nl.clone()
                }
            })
            .unwrap_or(t),
        Some(FieldKey::Aspects(role)) => format!(
            "{} ({})",
            text(Key::AspectsTitle),
            roles.get(&role).cloned().unwrap_or(role)
        ),
        Some(FieldKey::JobTitles) => text(Key::JobTitles),
        Some(FieldKey::RelatedOccupations) => text(Key::RelatedOccupations),
        Some(FieldKey::EducationNow) => text(Key::EducationNow),
        Some(FieldKey::EducationInFiveYears) => text(Key::EducationInFiveYears),
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_as_the_interviewer_knows_them() {
        let roles = HashMap::from([("r1".to_string(), "Verkoper".to_string())]);
        assert_eq!(
            field_label("trend:sustainability", Locale::Nl, &roles),
            "Duurzaamheid"
        );
        assert_eq!(
            field_label("trend:sustainability", Locale::En, &roles),
            "Sustainability"
        );
        assert_eq!(
            field_label("aspects:r1", Locale::Nl, &roles),
            "Aanvullende aspecten bij deze rol (Verkoper)"
        );
        assert_eq!(
            field_label("education_now", Locale::En, &roles),
            "Education level asked for now"
        );
        assert_eq!(field_label("something", Locale::Nl, &roles), "something");
    }
}
