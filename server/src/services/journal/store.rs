//! A group of ops in one transaction with a fixed number of statements, however many ops it
//! holds: read the current values, decide every op in memory in order, store the final values
//! in one statement and append all events in another. That is what lets one SQLite writer
//! acknowledge thousands of changes a second.
//!
//! The UNIQUE index on `op_key` (kind, scope, op_id) is the guarantee that an op lands once. A
//! group first assumes its op_ids are new; when the index refuses one, the group is decided
//! again after reading the op_ids already used, so replays are answered as they were.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QuerySelect, SqlErr,
    Statement,
};
use sha2::{Digest, Sha256};

use app::features::interviews::dto::Written;

use super::decide::{Change, Decider};
use super::op::{Current, Op, Outcome, Subject, Taken, keys_of, not_applied};
use super::outbox::{self, EventBus, NewEvent, op_key};
use crate::db::Db;
use crate::db::entities::event;
use crate::error::ServiceError;

/// Whether a group looks up its op_ids before deciding. Nearly every op is new, so a group
/// first assumes so and saves the round trip; the unique `op_key` index refuses an op_id used
/// before, and the group is then decided again with the look-up, answering replays as they
/// were answered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OpIds {
    AssumeNew,
    LookUp,
}

/// Applies `ops` in order in one transaction and answers each; after the commit the last event
/// id goes out on `bus`. When the transaction fails as a whole (lost a race with another
/// instance, the database hiccuped) nothing of it was committed, so each op gets its own try
/// and its own answer.
pub async fn commit_group<S: Subject>(
    db: &Db,
    bus: Option<&EventBus>,
    ops: &[Op<S::Value>],
) -> Vec<Outcome> {
    let outcome = match in_transaction::<S>(db, bus, ops, OpIds::AssumeNew).await {
        Err(ServiceError::Db(e)) if is_op_id_taken(&e) => {
            in_transaction::<S>(db, bus, ops, OpIds::LookUp).await
        }
        other => other,
    };
    match outcome {
        Ok(results) => results,
        // Also for a single op: if another instance committed its op_id between our read and our
        // insert, the retry finds it and answers it as a replay.
        Err(e) => {
            tracing::warn!(error = %e, kind = S::KIND, ops = ops.len(), "writes failed as a group; applying them one by one");
            let mut results = Vec::with_capacity(ops.len());
            for op in ops {
                results.push(write_one::<S>(db, bus, op).await);
            }
            results
        }
    }
}

/// The unique `op_key` index refused an event (the only unique index a group's inserts can
/// trip: answers, fields and votes are upserts).
fn is_op_id_taken(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

async fn in_transaction<S: Subject>(
    db: &Db,
    bus: Option<&EventBus>,
    ops: &[Op<S::Value>],
    op_ids: OpIds,
) -> Result<Vec<Outcome>, ServiceError> {
    let write = db.begin_write().await?;
    let (results, last) = write_all::<S, _>(&write.txn, ops, op_ids).await?;
    write.commit().await?;
    if let (Some(bus), Some(id)) = (bus, last) {
        bus.published(id);
    }
    Ok(results)
}

/// One op in its own transaction.
async fn write_one<S: Subject>(db: &Db, bus: Option<&EventBus>, op: &Op<S::Value>) -> Outcome {
    match in_transaction::<S>(db, bus, std::slice::from_ref(op), OpIds::LookUp).await {
        Ok(mut results) => results.pop().unwrap_or_else(|| Err(not_applied())),
        Err(ServiceError::Db(e)) if is_op_id_taken(&e) => {
            // Another instance committed this op_id between our read and our insert:
            // answer as it was answered.
            replayed::<S>(db, op).await?.ok_or(ServiceError::Db(e))
        }
        Err(e) => Err(e),
    }
}

/// Applies `ops` in order inside the caller's transaction. Each op gets its own result: a
/// stale or conflicting op is refused and the rest go on. Also the id of the last event
/// appended, to announce after the commit. An `Err` means the transaction must be abandoned.
pub async fn write_all<S: Subject, C: ConnectionTrait + Sync>(
    txn: &C,
    ops: &[Op<S::Value>],
    op_ids: OpIds,
) -> Result<(Vec<Outcome>, Option<i64>), DbErr> {
    if ops.is_empty() {
        return Ok((Vec::new(), None));
    }
    lock_targets::<S, C>(txn, ops).await?;
    let current = S::load(txn, &keys_of(ops)).await?;
    let now = Utc::now();
    let taken_so_far = match op_ids {
        OpIds::AssumeNew => Taken::default(),
        OpIds::LookUp => taken::<S, C>(txn, ops).await?,
    };
    let mut decided = decide_all::<S>(taken_so_far, current.clone(), ops, now);
    // A refusal may be wrong when op_ids were assumed new: a replay of an accepted op whose
    // target has moved on since looks stale. Decided again knowing the op_ids used.
    if op_ids == OpIds::AssumeNew && decided.results.iter().any(Result::is_err) {
        decided = decide_all::<S>(taken::<S, C>(txn, ops).await?, current, ops, now);
    }
    let Decided {
        results,
        changes,
        finals,
    } = decided;
    S::store(txn, finals).await?;
    let events: Vec<NewEvent<'_, S::Value>> = changes
        .iter()
        .map(|c| NewEvent {
            kind: S::KIND,
            study_id: &c.op.study_id,
            scope: &c.op.scope,
            target: &c.op.target,
            op_id: &c.op.op_id,
            hash: &c.op.hash,
            actor: &c.op.actor,
            at: c.at,
            revision: c.revision,
            old: c.old.as_ref(),
            new: &c.op.value,
        })
        .collect();
    let last = outbox::append(txn, &events).await?;
    Ok((results, last))
}

/// A group decided in memory: each op's answer, the accepted changes in order, and the final
/// value of every changed target.
struct Decided<V> {
    results: Vec<Outcome>,
    changes: Vec<Change<V>>,
    finals: Vec<Current<V>>,
}

/// Every op of a group, in order, against the op_ids taken and the targets' current values.
fn decide_all<S: Subject>(
    taken: Taken,
    current: Vec<Current<S::Value>>,
    ops: &[Op<S::Value>],
    now: DateTime<Utc>,
) -> Decided<S::Value> {
    let mut decider = Decider::<S>::new(taken, current);
    let results = ops.iter().map(|op| decider.decide(op, now)).collect();
    let (changes, finals) = decider.finish();
    Decided {
        results,
        changes,
        finals,
    }
}

/// PostgreSQL runs writers in parallel: lock the targets so that two changes of one target
/// cannot both read the same revision (revisions are per target, so changes of other targets
/// in the same scope go ahead). All of a group's locks in one statement, taken in ascending
/// order, so two groups cannot deadlock. (SQLite writers already take turns.)
///
/// The locks come before the reads, in a statement of their own: a read-committed statement
/// sees what was committed when it began, so a read in the statement that waited for a lock
/// could miss the commit it waited for. Two groups that use one op_id in one scope for two
/// targets are not ordered by these locks; the unique `op_key` index refuses the second, and
/// [`commit_group`] decides that group again after looking its op_ids up.
async fn lock_targets<S: Subject, C: ConnectionTrait>(
    txn: &C,
    ops: &[Op<S::Value>],
) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mut keys: Vec<i64> = ops
        .iter()
        .map(|o| target_lock(S::KIND, &o.scope, &o.target))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT count(pg_advisory_xact_lock(k)) \
         FROM (SELECT k FROM unnest($1::bigint[]) AS t(k) ORDER BY k) AS ascending",
        [keys.into()],
    ))
    .await?;
    Ok(())
}

/// A target's lock number. Two targets sharing one only wait for each other needlessly.
fn target_lock(kind: &str, scope: &str, target: &str) -> i64 {
    let digest = Sha256::digest(format!("{kind}:{scope}:{target}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// The op_ids of the group already used in their scope, by `op_key` (see the migration: a
/// look-up PostgreSQL serves from the unique index even without statistics).
async fn taken<S: Subject, C: ConnectionTrait>(
    txn: &C,
    ops: &[Op<S::Value>],
) -> Result<Taken, DbErr> {
    let mut keys: Vec<String> = ops
        .iter()
        .map(|o| op_key(S::KIND, &o.scope, &o.op_id))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let rows: Vec<(String, String, String, i32)> = event::Entity::find()
        .select_only()
        .columns([
            event::Column::ScopeId,
            event::Column::OpId,
            event::Column::RequestHash,
            event::Column::Revision,
        ])
        .filter(event::Column::OpKey.is_in(keys))
        .into_tuple()
        .all(txn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(scope, op, hash, rev)| ((scope, op), (hash, rev.max(0) as u32)))
        .collect())
}

/// The stored result of an op_id seen before, or a conflict when its content differs.
pub async fn replayed<S: Subject>(
    db: &Db,
    op: &Op<S::Value>,
) -> Result<Option<Written>, ServiceError> {
    let found = event::Entity::find()
        .filter(event::Column::OpKey.eq(op_key(S::KIND, &op.scope, &op.op_id)))
        .one(db)
        .await?;
    let Some(e) = found else {
        return Ok(None);
    };
    // Decided by the same rules as in the group: a replay, or a conflict.
    let taken = [(
        (e.scope_id, e.op_id),
        (e.request_hash, e.revision.max(0) as u32),
    )];
    Decider::<S>::new(taken, [])
        .decide(op, Utc::now())
        .map(Some)
}
