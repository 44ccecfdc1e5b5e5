//! What the hub shares with its pump and listener tasks (they hold it weakly, so they end
//! with the hub).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::domain::ids::StudyId;

use super::study::StudyLive;
use crate::db::Db;

pub(super) struct Inner {
    pub(super) db: Db,
    pub(super) studies: Mutex<HashMap<StudyId, Arc<StudyLive>>>,
    /// The pump's cursor: the last event it has read. Held while it applies a batch and while a
    /// study joins, so a study joins between batches and misses nothing. `None` until the pump
    /// or the first study to join sets it.
    pub(super) cursor: tokio::sync::Mutex<Option<i64>>,
    /// How far the pump has applied the sequence, for readers that must see their own writes.
    pub(super) caught_up: tokio::sync::watch::Sender<i64>,
}

impl Inner {
    /// Forgets a study's state (after its data failed to apply): the next use reads it anew.
    pub(super) fn forget(&self, id: &StudyId) {
        if let Ok(mut studies) = self.studies.lock() {
            studies.remove(id);
        }
    }
}
