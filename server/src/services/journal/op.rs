//! What the journal's parts share: an op, a target's current value, a subject (what is
//! written and where its values live), an op's outcome, and the op's identity (its op_id and
//! the hash of what it asks for).

use std::collections::HashMap;
use std::future::Future;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use app::error::Problem;
use app::features::interviews::dto::Written;

use crate::error::ServiceError;

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

/// Refuses a queue's batch larger than `max` before any op in it is checked.
pub fn check_batch_size(n: usize, max: usize) -> Result<(), ServiceError> {
    if n > max {
        return Err(ServiceError::invalid_field(
            "ops",
            format!("at most {max} operations per batch"),
        ));
    }
    Ok(())
}

pub fn not_applied() -> ServiceError {
    ServiceError::Internal("an op was left without an outcome".into())
}

/// The targets `ops` touch, each once.
pub(super) fn keys_of<V>(ops: &[Op<V>]) -> Vec<Key> {
    let mut keys: Vec<Key> = ops
        .iter()
        .map(|o| (o.scope.clone(), o.target.clone()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Taken op_ids of one kind: (scope, op_id) → (hash, revision).
pub(super) type Taken = HashMap<(String, String), (String, u32)>;

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
