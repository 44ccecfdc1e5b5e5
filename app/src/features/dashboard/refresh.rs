//! Keeps the board up to date: live events applied as they come (without respondent filters),
//! or a fresh aggregate from the server, asked for at most every 300 ms while events arrive
//! (with filters: a live answer's counts are over every respondent, not the filtered ones).

use std::time::Duration;

use leptos::prelude::*;

use super::api::aggregate;
use super::board::Board;
use super::dto::{AggregateQuery, LiveEvent};
use super::model::selects_respondents;
use crate::domain::ids::StudyId;
use crate::error::AppError;
use crate::sync::live::{Live, Received};

/// How long events gather before the page asks the server again.
const DEBOUNCE: Duration = Duration::from_millis(300);

#[derive(Clone, Copy)]
pub struct Refresh {
    study: StudyId,
    board: Board,
    live: Live,
    /// The filters as the address has them now.
    pub wanted: Memo<AggregateQuery>,
    /// The filters of the figures on the page.
    pub shown: RwSignal<AggregateQuery>,
    /// A request is under way.
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<AppError>>,
    /// Bumped by every new threshold version, so that the list of versions follows.
    pub threshold_versions: RwSignal<u32>,
    generation: StoredValue<u64>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl Refresh {
    pub fn new(
        study: StudyId,
        board: Board,
        live: Live,
        wanted: Memo<AggregateQuery>,
        shown: AggregateQuery,
    ) -> Refresh {
        Refresh {
            study,
            board,
            live,
            wanted,
            shown: RwSignal::new(shown),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            threshold_versions: RwSignal::new(0),
            generation: StoredValue::new(0),
            timer: StoredValue::new(None),
        }
    }

    /// Asks the server for the figures under the wanted filters now. Only the answer to the
    /// latest request is shown.
    pub fn now(self) {
        if let Some(Some(t)) = self.timer.try_update_value(Option::take) {
            t.clear();
        }
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let query = self.wanted.get_untracked();
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let result = aggregate(self.study, query.clone()).await;
            // The page has gone, or a newer request is under way.
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            self.busy.set(false);
            match result {
                Ok(view) => {
                    self.error.set(None);
                    self.board.load(&view);
                    self.shown.set(query);
                    // What arrived while the request was out, and is not in its figures.
                    for r in self.live.since(view.event_id) {
                        self.on_event(&r);
                    }
                }
                Err(e) => self.error.set(Some(e)),
            }
        });
    }

    /// Asks again soon: events that arrive meanwhile ride along.
    fn soon(self) {
        if self.timer.get_value().is_some() {
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                if self.timer.try_set_value(None).is_none() {
                    self.now();
                }
            },
            DEBOUNCE,
        );
        self.timer.set_value(handle.ok());
    }

    fn filtered(&self) -> bool {
        self.wanted.with_untracked(selects_respondents)
    }

    /// Whether the figures on the page already include this event.
    fn included(&self, r: &Received) -> bool {
        r.id.is_some_and(|id| id <= self.board.event_id())
    }

    pub fn on_event(self, r: &Received) {
        match &*r.event {
            LiveEvent::Answer { .. } | LiveEvent::Vote { .. } if self.included(r) => {}
            LiveEvent::Answer { item, .. } | LiveEvent::Vote { item, .. } => {
                if self.filtered() {
                    self.soon();
                } else {
                    self.board.answer(r.id, item);
                }
            }
            // A new interview, or one moved to another sector: the coverage and the number of
            // respondents change (and with filters, which answers count).
            LiveEvent::Interview { .. } | LiveEvent::Participant { .. } => {
                if !self.included(r) {
                    self.soon();
                }
            }
            LiveEvent::Thresholds { thresholds } => {
                self.threshold_versions.update(|v| *v += 1);
                if !self.included(r) {
                    self.board.rethreshold(r.id, thresholds);
                }
            }
            LiveEvent::Resync { snapshot } => {
                if self.filtered() {
                    self.soon();
                } else {
                    self.board.load(snapshot);
                }
            }
            LiveEvent::Field { .. } => {}
        }
    }
}
