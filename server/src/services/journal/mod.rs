//! The op journal: the one write protocol for every change a client makes with an op_id
//! (answers, interview fields; workshop votes and reconciliations next).
//!
//! An op names its scope (the interview), its target (an item, a field key), the value, the
//! revision the client last saw and a client-made op_id. The journal applies ops in order, in
//! groups of one transaction each (`writer`), and decides every op against the state so far
//! (`decide`): an op_id seen before with the same content is answered with its first result,
//! with other content it is `op_conflict`; a base older than the current revision is `stale`
//! with the current value; anything else becomes the next revision. Every accepted op appends
//! one row to `events` (`outbox`), in the same transaction as the new current value, and the
//! process publishes the last id on the event bus after the commit. `history` reads a target's
//! changes back from `events`.
//!
//! What is written is a [`Subject`]: where its current values live and how they are shown.

mod decide;
mod history;
pub mod outbox;
mod store;
mod writer;

use std::collections::HashMap;
use std::future::Future;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use app::error::Problem;
use app::features::interviews::dto::{OpResult, Written};

use crate::error::ServiceError;

pub use decide::Decider;
pub use history::{Entry, history};
pub use outbox::EventBus;
pub use store::{commit_group, write_all};
pub use writer::Writer;

/// One client-made change that passed every check that needs no transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Op<V> {
    pub study_id: String,
    /// What the op_id is unique within: the interview.
    pub scope: String,
    /// What changes: the item, the field key.
    pub target: String,
    pub actor: String,
    pub op_id: String,
    /// See [`request_hash`].
    pub hash: String,
    /// The revision the client last saw (0: none); `None` writes whatever is there.
    pub base_revision: Option<u32>,
    pub value: V,
}

/// A target's current value.
#[derive(Debug, Clone, PartialEq)]
pub struct Current<V> {
    pub scope: String,
    pub target: String,
    pub value: V,
    pub revision: u32,
    pub at: DateTime<Utc>,
    pub actor: String,
}

/// (scope, target)
pub type Key = (String, String);

/// An op's answer: its revision, or why it was refused.
pub type Outcome = Result<Written, ServiceError>;

/// What the journal writes: the kind of change, and the table of current values.
pub trait Subject: Send + Sync + 'static {
    type Value: Clone + std::fmt::Debug + PartialEq + Serialize + DeserializeOwned + Send + Sync;
    /// The `kind` of its events. An op_id is unique per kind and scope.
    const KIND: &'static str;
    /// How messages name one target ("this answer changed …").
    const NOUN: &'static str;

    /// The current values of these targets; absent ones are left out.
    fn load<C: ConnectionTrait + Sync>(
        db: &C,
        keys: &[Key],
    ) -> impl Future<Output = Result<Vec<Current<Self::Value>>, DbErr>> + Send;

    /// Stores each row as the target's current value (insert or replace).
    fn store<C: ConnectionTrait + Sync>(
        db: &C,
        rows: Vec<Current<Self::Value>>,
    ) -> impl Future<Output = Result<(), DbErr>> + Send;

    /// The current value as a `stale` refusal shows it.
    fn view(current: Current<Self::Value>) -> serde_json::Value;
}

/// The SHA-256 of what an op asks for, target included: the same op_id with another hash is a
/// conflict. `content` is the op's own fields as the client sent them.
pub fn request_hash(target: &str, content: &[serde_json::Value], base: Option<u32>) -> String {
    let mut parts = Vec::with_capacity(content.len() + 2);
    parts.push(serde_json::Value::from(target));
    parts.extend_from_slice(content);
    parts.push(serde_json::to_value(base).unwrap_or_default());
    let canonical = serde_json::Value::Array(parts).to_string();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// The op_id as stored: trimmed, 1 to 64 characters.
pub fn check_op_id(op_id: &str) -> Result<String, ServiceError> {
    let op_id = op_id.trim();
    if op_id.is_empty() || op_id.len() > 64 {
        let message = "op_id must be 1 to 64 characters (a UUID)";
        return Err(ServiceError::invalid(
            message,
            vec![Problem::new("op_id", message)],
        ));
    }
    Ok(op_id.to_string())
}

/// Commits `ops` in order through the group-commit writer, or, without one (command-line
/// tools), in a transaction of its own.
pub async fn commit<S: Subject>(
    db: &crate::db::Db,
    writer: Option<&Writer<S>>,
    ops: Vec<Op<S::Value>>,
) -> Result<Vec<Outcome>, ServiceError> {
    match writer {
        Some(w) => w.submit(ops).await,
        None => Ok(commit_group::<S>(db, None, &ops).await),
    }
}

/// A queue's results: each op checked on its own (`checked`, in order), those that passed
/// committed together in order, every op answered with its own status.
pub async fn commit_checked<S: Subject, C: DeserializeOwned>(
    db: &crate::db::Db,
    writer: Option<&Writer<S>>,
    checked: Vec<(String, Result<Op<S::Value>, ServiceError>)>,
) -> Result<Vec<OpResult<C>>, ServiceError> {
    let ready: Vec<Op<S::Value>> = checked
        .iter()
        .filter_map(|(_, c)| c.as_ref().ok().cloned())
        .collect();
    let mut written = commit(db, writer, ready).await?.into_iter();
    Ok(checked
        .into_iter()
        .map(|(op_id, c)| {
            let outcome = match c {
                Ok(_) => written.next().unwrap_or_else(|| Err(not_applied())),
                Err(e) => Err(e),
            };
            op_result(op_id, outcome)
        })
        .collect())
}

pub fn not_applied() -> ServiceError {
    ServiceError::Internal("an op was left without an outcome".into())
}

/// One op's outcome as a queue reports it; with `stale`, the server's current value.
pub fn op_result<C: DeserializeOwned>(op_id: String, outcome: Outcome) -> OpResult<C> {
    match outcome {
        Ok(w) => OpResult {
            op_id,
            status: 200,
            revision: Some(w.revision),
            error: None,
            current: None,
        },
        Err(e) => {
            let current = match &e {
                ServiceError::Stale { current, .. } => serde_json::from_value(current.clone()).ok(),
                _ => None,
            };
            OpResult {
                op_id,
                status: e.status().as_u16(),
                revision: None,
                error: Some(e.to_app_error()),
                current,
            }
        }
    }
}

/// The targets `ops` touch, each once.
fn keys_of<V>(ops: &[Op<V>]) -> Vec<Key> {
    let mut keys: Vec<Key> = ops
        .iter()
        .map(|o| (o.scope.clone(), o.target.clone()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Taken op_ids of one kind: (scope, op_id) → (hash, revision).
type Taken = HashMap<(String, String), (String, u32)>;

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use sha2::{Digest, Sha256};

    use super::request_hash;

    fn sha(v: Value) -> String {
        hex::encode(Sha256::digest(v.to_string().as_bytes()))
    }

    /// The hashes stored before the journal (answers: item, rating, note, quote, base; fields:
    /// key, value text, base): an op queued before an upgrade must replay, not conflict.
    #[test]
    fn request_hash_matches_the_hashes_stored_before() {
        let answer = [json!("partly"), json!("Klopt"), Value::Null];
        assert_eq!(
            request_hash("item-1", &answer, Some(3)),
            sha(json!(["item-1", "partly", "Klopt", null, 3]))
        );
        let field = [json!(r#"["Verkoper"]"#)];
        assert_eq!(
            request_hash("job_titles", &field, None),
            sha(json!(["job_titles", r#"["Verkoper"]"#, null]))
        );
        assert_ne!(
            request_hash("item-1", &answer, Some(3)),
            request_hash("item-2", &answer, Some(3)),
            "the target is part of the hash"
        );
    }
}
