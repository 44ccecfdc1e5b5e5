//! The capture form hears what others change. An answer (or field) of this interview that
//! reaches the page through the study's live stream is shown in place, marked "changed by
//! someone else" — so two tabs or two devices on one interview see each other before they
//! conflict. It is never put over a change of this browser: while one of that item waits in the
//! queue, or while the user types in its note or quote, the row is only marked "also changed
//! elsewhere" and the queue's `stale` answer (the conflict notice) decides, as before.
//!
//! [`decide`] is the rule, pure and tested natively; [`Remote`] applies it to the form.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use super::answers::{Local, store_known};
use super::api::get_interview;
use super::details::{FieldStore, field_label};
use super::dto::{AnswerView, BatchOp, FieldView};
use super::mark::Mark;
use crate::domain::ids::{InterviewId, StudyId};
use crate::domain::interview_fields::FieldValue;
use crate::domain::rating::Rating;
use crate::features::dashboard::dto::{AnswerValueView, LiveEvent};
use crate::i18n::{I18n, use_i18n};
use crate::sync::SyncQueue;
use crate::sync::live::{Received, use_live};

/// What the form does with a change it did not make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Not newer than what the form knows, or this browser's own change coming back.
    Ignore,
    /// What the form shows already: only the revision moves on (no notice).
    TakeRevision,
    /// Shown in place, marked as changed by someone else.
    Apply,
    /// Not shown: a change of it waits here, or is being typed. Marked; the queue's answer (or
    /// the end of the typing) settles it.
    Hold,
    /// Newer, but the event does not carry the value (a field): read it, then decide again.
    Fetch,
}

/// How the form decides on a change with revision `revision` (and `value`, when the event
/// carries it) of something it knows at `known` showing `shown`. `pending` holds the base
/// revision and value of each change of it still in this browser's queue; `typing`, whether
/// the user is typing in it right now.
pub fn decide<V: PartialEq>(
    known: u32,
    shown: Option<&V>,
    revision: u32,
    value: Option<&V>,
    pending: &[(Option<u32>, V)],
    typing: bool,
) -> Decision {
    if revision <= known {
        return Decision::Ignore;
    }
    if !pending.is_empty() {
        // A queued change that the server applied gets revision base + 1: that is our own
        // write, heard before the queue's reply (which settles it). Anything else is another's,
        // and our change will come back `stale`.
        let ours = pending.iter().any(|(base, v)| {
            base.is_some_and(|b| b + 1 == revision) && value.is_none_or(|value| value == v)
        });
        return if ours {
            Decision::Ignore
        } else {
            Decision::Hold
        };
    }
    let Some(value) = value else {
        return Decision::Fetch;
    };
    if shown == Some(value) {
        Decision::TakeRevision
    } else if typing {
        Decision::Hold
    } else {
        Decision::Apply
    }
}

/// An answer in one shape for comparing: text as the server keeps it (trimmed, empty as none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    rating: Option<Rating>,
    note: Option<String>,
    quote: Option<String>,
}

fn clean(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

impl Value {
    pub fn shown(l: &Local) -> Value {
        Value {
            rating: l.rating,
            note: clean(Some(&l.note)),
            quote: clean(Some(&l.quote)),
        }
    }

    pub fn heard(v: &AnswerValueView) -> Value {
        Value {
            rating: Some(v.rating),
            note: clean(v.note.as_deref()),
            quote: clean(v.quote.as_deref()),
        }
    }

    pub fn queued(op: &BatchOp) -> (Option<u32>, Value) {
        let value = Value {
            rating: Some(op.change.rating),
            note: clean(op.change.note.as_deref()),
            quote: clean(op.change.quote.as_deref()),
        };
        (op.change.base_revision, value)
    }
}

type Answers = RwSignal<HashMap<String, Local>>;

/// The capture form's side of the study's live stream. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Remote {
    study: StoredValue<StudyId>,
    interview_id: StoredValue<InterviewId>,
    answers: Answers,
    known_key: StoredValue<String>,
    /// Set once the form's queue exists (its callback needs this handle first).
    queue: StoredValue<Option<SyncQueue<BatchOp, AnswerView>>>,
    fields: FieldStore,
    /// Items marked (the fields' marks are in their store).
    marks: RwSignal<HashMap<String, Mark>>,
    /// What the live region says last.
    pub news: RwSignal<String>,
    /// Answers held back per item (the newest), decided again when the typing stops or the
    /// queue answers; the same for fields (read from the server) when their typing stops.
    held: StoredValue<HashMap<String, (u32, AnswerValueView)>>,
    held_fields: StoredValue<HashMap<String, (u32, FieldValue)>>,
    /// Items whose note or quote is being typed, or holds text waiting for a rating.
    typing: StoredValue<HashSet<String>>,
    /// Item labels, and role labels for field names, for the live region.
    labels: StoredValue<HashMap<String, String>>,
    roles: StoredValue<HashMap<String, String>>,
    /// A refresh is under way; another was asked for meanwhile.
    fetching: StoredValue<(bool, bool)>,
    i18n: I18n,
}

impl Remote {
    pub fn new(
        study: StudyId,
        interview_id: InterviewId,
        answers: Answers,
        known_key: String,
        fields: FieldStore,
        labels: HashMap<String, String>,
        roles: HashMap<String, String>,
    ) -> Remote {
        Remote {
            study: StoredValue::new(study),
            interview_id: StoredValue::new(interview_id),
            answers,
            known_key: StoredValue::new(known_key),
            queue: StoredValue::new(None),
            fields,
            marks: RwSignal::new(HashMap::new()),
            news: RwSignal::new(String::new()),
            held: StoredValue::new(HashMap::new()),
            held_fields: StoredValue::new(HashMap::new()),
            typing: StoredValue::new(HashSet::new()),
            labels: StoredValue::new(labels),
            roles: StoredValue::new(roles),
            fetching: StoredValue::new((false, false)),
            i18n: use_i18n(),
        }
    }

    /// Listens to the study's stream (the page's one connection) for this interview.
    pub fn listen(self, queue: SyncQueue<BatchOp, AnswerView>) {
        self.queue.set_value(Some(queue));
        self.fields.when_idle(move |key| {
            if let Some((revision, value)) = self
                .held_fields
                .try_update_value(|h| h.remove(key))
                .flatten()
            {
                self.field(key, revision, Some(value));
            }
        });
        use_live(self.study.get_value()).subscribe(move |r: &Received| self.heard(r));
    }

    fn heard(self, r: &Received) {
        let me = self.interview_id.get_value().to_string();
        match &*r.event {
            LiveEvent::Answer {
                interview_id,
                item_id,
                revision,
                value,
                ..
            } if *interview_id == me => self.answer(item_id, *revision, value.clone()),
            LiveEvent::Field {
                interview_id,
                key,
                revision,
            } if *interview_id == me => self.field(key, *revision, None),
            // A new stream, or one that fell too far behind: events may have been missed
            // (also those between reading the page and connecting), so read the interview.
            LiveEvent::Resync { .. } => self.refresh(),
            _ => {}
        }
    }

    pub fn mark(&self, id: &str) -> Option<Mark> {
        self.marks.with(|m| m.get(id).copied())
    }

    /// The user changed the item: a "changed by someone else" mark has been seen.
    pub fn touched(&self, item: &str) {
        self.marks.update(|m| {
            if m.get(item) == Some(&Mark::Changed) {
                m.remove(item);
            }
        });
    }

    /// The queue answered for a change of `item` (applied, or stale with the conflict notice).
    pub fn settled(&self, item: &str) {
        self.marks.update(|m| {
            m.remove(item);
        });
        self.retry(item);
    }

    /// Whether the user types in the item's note or quote (or keeps text there for a rating).
    pub fn typing(&self, item: &str, typing: bool) {
        self.typing.update_value(|t| {
            if typing {
                t.insert(item.to_string());
            } else {
                t.remove(item);
            }
        });
        if !typing {
            self.retry(item);
        }
    }

    fn retry(&self, item: &str) {
        if let Some((revision, value)) = self.held.try_update_value(|h| h.remove(item)).flatten() {
            self.answer(item, revision, value);
        }
    }

    fn answer(&self, item: &str, revision: u32, value: AnswerValueView) {
        let Some(queue) = self.queue.get_value() else {
            return;
        };
        let pending: Vec<_> = queue.pending_for(item).iter().map(Value::queued).collect();
        let (known, shown) = self.answers.with_untracked(|m| {
            m.get(item)
                .map_or((0, None), |l| (l.revision, Some(Value::shown(l))))
        });
        let typing = self.typing.with_value(|t| t.contains(item));
        let heard = Value::heard(&value);
        match decide(
            known,
            shown.as_ref(),
            revision,
            Some(&heard),
            &pending,
            typing,
        ) {
            Decision::Ignore | Decision::Fetch => {}
            Decision::TakeRevision => {
                self.answers
                    .update(|m| m.entry(item.to_string()).or_default().revision = revision);
                store_known(&self.known_key.get_value(), self.answers);
            }
            Decision::Apply => {
                self.answers.update(|m| {
                    let entry = m.entry(item.to_string()).or_default();
                    entry.rating = Some(value.rating);
                    entry.note = value.note.unwrap_or_default();
                    entry.quote = value.quote.unwrap_or_default();
                    entry.revision = revision;
                });
                store_known(&self.known_key.get_value(), self.answers);
                self.marks.update(|m| {
                    m.insert(item.to_string(), Mark::Changed);
                });
                self.announce(Mark::Changed, self.item_label(item));
            }
            Decision::Hold => {
                self.held.update_value(|h| {
                    if h.get(item).is_none_or(|(r, _)| *r < revision) {
                        h.insert(item.to_string(), (revision, value));
                    }
                });
                self.marks.update(|m| {
                    m.insert(item.to_string(), Mark::AlsoElsewhere);
                });
                self.announce(Mark::AlsoElsewhere, self.item_label(item));
            }
        }
    }

    /// A field changed (`value` when read from the server; a field event carries none).
    fn field(&self, key: &str, revision: u32, value: Option<FieldValue>) {
        let store = self.fields;
        let pending = store.pending(key);
        let typing = browser::focus_within_field(key);
        let shown = store.value_untracked(key);
        let known = store.revision(key);
        match decide(
            known,
            shown.as_ref(),
            revision,
            value.as_ref(),
            &pending,
            typing,
        ) {
            Decision::Ignore => {}
            Decision::Fetch => self.refresh(),
            Decision::TakeRevision => store.take(key, revision, None),
            Decision::Apply => {
                store.take(key, revision, value);
                store.set_mark(key, Mark::Changed);
                self.announce(Mark::Changed, self.field_label(key));
            }
            Decision::Hold => {
                if let Some(value) = value {
                    self.held_fields.update_value(|h| {
                        if h.get(key).is_none_or(|(r, _)| *r < revision) {
                            h.insert(key.to_string(), (revision, value));
                        }
                    });
                }
                store.set_mark(key, Mark::AlsoElsewhere);
                self.announce(Mark::AlsoElsewhere, self.field_label(key));
            }
        }
    }

    fn announce(&self, mark: Mark, label: String) {
        self.news.set(format!(
            "{label}: {}",
            self.i18n.t(mark.key()).to_lowercase()
        ));
    }

    fn item_label(&self, item: &str) -> String {
        self.labels
            .with_value(|l| l.get(item).cloned())
            .unwrap_or_else(|| item.to_string())
    }

    fn field_label(&self, key: &str) -> String {
        self.roles
            .with_value(|roles| field_label(key, self.i18n.locale(), roles))
    }

    /// Reads the interview again and decides on every answer and field as if it had just been
    /// heard. One read at a time; asks made meanwhile are served by one more read after it.
    fn refresh(&self) {
        let busy = self.fetching.try_update_value(|(running, again)| {
            if *running {
                *again = true;
            }
            std::mem::replace(running, true)
        });
        if busy != Some(false) {
            return;
        }
        let me = *self;
        leptos::task::spawn_local(async move {
            loop {
                if let Ok(view) = get_interview(me.interview_id.get_value()).await {
                    me.refreshed(view.answers, view.fields);
                }
                let again = me
                    .fetching
                    .try_update_value(|(running, again)| {
                        *running = std::mem::take(again);
                        *running
                    })
                    .unwrap_or(false);
                if !again {
                    break;
                }
            }
        });
    }

    fn refreshed(&self, answers: Vec<AnswerView>, fields: Vec<FieldView>) {
        for a in answers {
            let value = AnswerValueView {
                rating: a.rating,
                note: a.note,
                quote: a.quote,
            };
            self.answer(&a.item_id, a.revision, value);
        }
        for f in fields {
            self.field(&f.key, f.revision, Some(f.value));
        }
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::super::details::FOLLOWS_STORE;

    /// Whether the focus is in a text input of field `key` that shows the stored value (a
    /// trend's note), where a change from elsewhere would replace what is being typed.
    pub fn focus_within_field(key: &str) -> bool {
        let Some(active) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
        else {
            return false;
        };
        let selector = format!("[data-field=\"{key}\"] [{FOLLOWS_STORE}]");
        active.matches(&selector).unwrap_or(false)
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn focus_within_field(_key: &str) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: &[(Option<u32>, &str)] = &[];

    #[test]
    fn what_is_not_newer_is_ignored() {
        for revision in [2, 3] {
            assert_eq!(
                decide(3, Some(&"a"), revision, Some(&"b"), NONE, false),
                Decision::Ignore
            );
        }
        // Also while typing or with changes waiting: old news never marks a row.
        assert_eq!(
            decide(3, Some(&"a"), 3, Some(&"b"), &[(Some(3), "c")], true),
            Decision::Ignore
        );
    }

    #[test]
    fn the_value_shown_only_moves_the_revision_on() {
        assert_eq!(
            decide(3, Some(&"a"), 4, Some(&"a"), NONE, false),
            Decision::TakeRevision
        );
        // The text being typed is not touched by a revision, so typing does not matter here.
        assert_eq!(
            decide(3, Some(&"a"), 5, Some(&"a"), NONE, true),
            Decision::TakeRevision
        );
    }

    #[test]
    fn another_value_is_shown_in_place_when_nothing_waits_and_nobody_types() {
        assert_eq!(
            decide(3, Some(&"a"), 4, Some(&"b"), NONE, false),
            Decision::Apply
        );
        // An item the form has no answer for yet.
        assert_eq!(decide(0, None, 1, Some(&"b"), NONE, false), Decision::Apply);
    }

    #[test]
    fn text_being_typed_is_never_overwritten() {
        assert_eq!(
            decide(3, Some(&"a"), 4, Some(&"b"), NONE, true),
            Decision::Hold
        );
    }

    #[test]
    fn a_waiting_change_is_compared_by_the_server_not_overwritten() {
        // Our change follows revision 3; another's change made revision 4 with another value.
        assert_eq!(
            decide(
                3,
                Some(&"mine"),
                4,
                Some(&"theirs"),
                &[(Some(3), "mine")],
                false
            ),
            Decision::Hold
        );
        // Even when it happens to show what the form shows: it is not ours (base 5 → 6).
        assert_eq!(
            decide(
                3,
                Some(&"mine"),
                4,
                Some(&"mine"),
                &[(Some(5), "mine")],
                false
            ),
            Decision::Hold
        );
        // A base-less change cannot be matched.
        assert_eq!(
            decide(3, Some(&"mine"), 4, Some(&"mine"), &[(None, "mine")], false),
            Decision::Hold
        );
    }

    #[test]
    fn our_own_write_heard_before_the_queue_replies_is_ignored() {
        // Two changes wait (bases 3 and 4); the stream tells of the first one's revision 4,
        // while the form already shows the second.
        let pending = [(Some(3), "first"), (Some(4), "second")];
        assert_eq!(
            decide(3, Some(&"second"), 4, Some(&"first"), &pending, false),
            Decision::Ignore
        );
        assert_eq!(
            decide(3, Some(&"second"), 5, Some(&"second"), &pending, true),
            Decision::Ignore
        );
        // Revision 4 with a value that none of ours had: another's.
        assert_eq!(
            decide(3, Some(&"second"), 4, Some(&"other"), &pending, false),
            Decision::Hold
        );
    }

    #[test]
    fn an_event_without_its_value_is_read_unless_a_change_waits() {
        assert_eq!(
            decide::<&str>(3, Some(&"a"), 4, None, NONE, false),
            Decision::Fetch
        );
        // Typing is decided once the value is known.
        assert_eq!(
            decide::<&str>(3, Some(&"a"), 4, None, NONE, true),
            Decision::Fetch
        );
        // Without a value, our own change is recognised by its revision alone.
        assert_eq!(
            decide::<&str>(3, Some(&"a"), 4, None, &[(Some(3), "a")], false),
            Decision::Ignore
        );
        assert_eq!(
            decide::<&str>(3, Some(&"a"), 5, None, &[(Some(3), "a")], false),
            Decision::Hold
        );
    }

    fn local(rating: Option<Rating>, note: &str, quote: &str) -> Local {
        Local {
            rating,
            note: note.into(),
            quote: quote.into(),
            revision: 1,
        }
    }

    #[test]
    fn answers_compare_as_the_server_stores_them() {
        let heard = Value::heard(&AnswerValueView {
            rating: Rating::Partly,
            note: Some("Alleen bij grotere klanten".into()),
            quote: None,
        });
        // The server trims, and keeps empty text as none.
        assert_eq!(
            Value::shown(&local(
                Some(Rating::Partly),
                " Alleen bij grotere klanten\n",
                "  "
            )),
            heard
        );
        assert_ne!(
            Value::shown(&local(
                Some(Rating::Recognised),
                "Alleen bij grotere klanten",
                ""
            )),
            heard
        );
        assert_ne!(
            Value::shown(&local(Some(Rating::Partly), "Alleen bij klanten", "")),
            heard
        );
        assert_ne!(
            Value::shown(&local(
                Some(Rating::Partly),
                "Alleen bij grotere klanten",
                "x"
            )),
            heard
        );
        let op = BatchOp {
            item_id: "i".into(),
            change: super::super::dto::AnswerChange {
                rating: Rating::Partly,
                note: Some("Alleen bij grotere klanten ".into()),
                quote: None,
                op_id: "o".into(),
                base_revision: Some(2),
            },
        };
        assert_eq!(Value::queued(&op), (Some(2), heard));
    }
}
