//! One application instance's journal writers (group commit, one task per subject) and the bus
//! on which they announce committed event ids. Held in `AppState`, so two instances in one
//! process each have their own.

use super::answer_store::Answers;
use super::field_store::Fields;
use super::journal::{EventBus, Writer};
use super::workshops::vote_store::Votes;
use crate::db::Db;

#[derive(Clone)]
pub struct Writers {
    /// The last event id this instance committed; the live views subscribe here.
    pub events: EventBus,
    pub answers: Writer<Answers>,
    pub fields: Writer<Fields>,
    pub votes: Writer<Votes>,
}

impl Writers {
    /// Starts the writer tasks (they end when the last handle is dropped).
    pub fn start(db: &Db) -> Writers {
        let events = EventBus::default();
        Writers {
            answers: Writer::spawn(db.clone(), events.clone()),
            fields: Writer::spawn(db.clone(), events.clone()),
            votes: Writer::spawn(db.clone(), events.clone()),
            events,
        }
    }
}
