//! Deciding ops against the state so far, in memory: the journal's rules in one place, with no
//! I/O, so the store can decide a whole group between one read and one write.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use app::features::interviews::dto::Written;

use super::op::{Current, Key, Op, Outcome, Subject, Taken};
use crate::error::ServiceError;

/// One accepted op, as its event records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<V> {
    pub op: Op<V>,
    pub at: DateTime<Utc>,
    pub revision: u32,
    pub old: Option<V>,
}

/// The op_ids taken so far and the current value of every target a group touches.
pub struct Decider<S: Subject> {
    taken: Taken,
    current: HashMap<Key, Current<S::Value>>,
    changes: Vec<Change<S::Value>>,
    changed: HashSet<Key>,
}

impl<S: Subject> Decider<S> {
    /// `taken`: (scope, op_id) → (hash, revision) of the ops already applied; `current`: the
    /// targets' values (a target without one has none yet).
    pub fn new(
        taken: impl IntoIterator<Item = ((String, String), (String, u32))>,
        current: impl IntoIterator<Item = Current<S::Value>>,
    ) -> Self {
        Decider {
            taken: taken.into_iter().collect(),
            current: current
                .into_iter()
                .map(|c| ((c.scope.clone(), c.target.clone()), c))
                .collect(),
            changes: Vec::new(),
            changed: HashSet::new(),
        }
    }

    /// One op against the state so far: a replay, a conflict, a stale base, or the next revision.
    pub fn decide(&mut self, op: &Op<S::Value>, now: DateTime<Utc>) -> Outcome {
        if let Some((hash, revision)) = self.taken.get(&(op.scope.clone(), op.op_id.clone())) {
            return if *hash == op.hash {
                Ok(Written {
                    revision: *revision,
                })
            } else {
                Err(ServiceError::OpConflict(format!(
                    "op_id {} was already used for a different change",
                    op.op_id
                )))
            };
        }
        let key = (op.scope.clone(), op.target.clone());
        let current = self.current.get(&key);
        let current_revision = current.map_or(0, |c| c.revision);
        if let Some(base) = op.base_revision.filter(|base| *base < current_revision) {
            return Err(ServiceError::Stale {
                message: format!(
                    "this {} changed since revision {base}; it is now at revision {current_revision}",
                    S::NOUN
                ),
                current: current.cloned().map(S::view).unwrap_or_default(),
            });
        }
        let revision = current_revision + 1;
        self.changes.push(Change {
            op: op.clone(),
            at: now,
            revision,
            old: current.map(|c| c.value.clone()),
        });
        self.current.insert(
            key.clone(),
            Current {
                scope: op.scope.clone(),
                target: op.target.clone(),
                value: op.value.clone(),
                revision,
                at: now,
                actor: op.actor.clone(),
            },
        );
        self.changed.insert(key);
        self.taken.insert(
            (op.scope.clone(), op.op_id.clone()),
            (op.hash.clone(), revision),
        );
        Ok(Written { revision })
    }

    /// The accepted changes in order, and the final value of every target they changed.
    pub fn finish(mut self) -> (Vec<Change<S::Value>>, Vec<Current<S::Value>>) {
        let finals = self
            .changed
            .iter()
            .filter_map(|k| self.current.remove(k))
            .collect();
        (self.changes, finals)
    }
}
