//! The journal's entry points for services: a list of ops, or a queue of ops each checked on
//! its own, committed through this instance's group-commit writer when there is one.

use serde::de::DeserializeOwned;

use app::features::interviews::dto::OpResult;

use super::op::{Op, Outcome, Subject, not_applied};
use super::store::commit_group;
use super::writer::Writer;
use crate::db::Db;
use crate::error::ServiceError;

/// Commits `ops` in order through the group-commit writer, or, without one (command-line
/// tools), in a transaction of its own.
pub async fn commit<S: Subject>(
    db: &Db,
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
    db: &Db,
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
