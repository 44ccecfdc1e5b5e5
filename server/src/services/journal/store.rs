//! A group of ops in one transaction with a fixed number of statements, however many ops it
//! holds: read the op_ids already used and the current values, decide every op in memory in
//! order, store the final values in one statement and append all events in another. That is
//! what lets one SQLite writer acknowledge thousands of changes a second.
//!
//! The UNIQUE index on `op_key` (kind, scope, op_id) stays the guarantee that an op lands once; the read
//! up front only lets replays be answered without tripping it.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QuerySelect, SqlErr,
    Statement,
};
use sha2::{Digest, Sha256};

use app::features::interviews::dto::Written;

use super::decide::Decider;
use super::op::{Op, Outcome, Subject, Taken, keys_of, not_applied};
use super::outbox::{self, EventBus, NewEvent, op_key};
use crate::db::Db;
use crate::db::entities::event;
use crate::error::ServiceError;

/// Applies `ops` in order in one transaction and answers each; after the commit the last event
/// id goes out on `bus`. When the transaction fails as a whole (lost a race with another
/// instance, the database hiccuped) nothing of it was committed, so each op gets its own try
/// and its own answer.
pub async fn commit_group<S: Subject>(
    db: &Db,
    bus: Option<&EventBus>,
    ops: &[Op<S::Value>],
) -> Vec<Outcome> {
    match in_transaction::<S>(db, bus, ops).await {
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

async fn in_transaction<S: Subject>(
    db: &Db,
    bus: Option<&EventBus>,
    ops: &[Op<S::Value>],
) -> Result<Vec<Outcome>, ServiceError> {
    let write = db.begin_write().await?;
    let (results, last) = write_all::<S, _>(&write.txn, ops).await?;
    write.commit().await?;
    if let (Some(bus), Some(id)) = (bus, last) {
        bus.published(id);
    }
    Ok(results)
}

/// One op in its own transaction.
async fn write_one<S: Subject>(db: &Db, bus: Option<&EventBus>, op: &Op<S::Value>) -> Outcome {
    match in_transaction::<S>(db, bus, std::slice::from_ref(op)).await {
        Ok(mut results) => results.pop().unwrap_or_else(|| Err(not_applied())),
        Err(ServiceError::Db(e))
            if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
        {
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
) -> Result<(Vec<Outcome>, Option<i64>), DbErr> {
    if ops.is_empty() {
        return Ok((Vec::new(), None));
    }
    lock_targets::<S, C>(txn, ops).await?;
    let current = S::load(txn, &keys_of(ops)).await?;
    let mut decider = Decider::<S>::new(taken::<S, C>(txn, ops).await?, current);
    let now = Utc::now();
    let results: Vec<Outcome> = ops.iter().map(|op| decider.decide(op, now)).collect();
    let (changes, finals) = decider.finish();
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

/// PostgreSQL runs writers in parallel: lock the targets so that two changes of one target
/// cannot both read the same revision (revisions are per target, so changes of other targets
/// in the same scope go ahead). All of a group's locks in one statement, taken in ascending
/// order, so two groups cannot deadlock. (SQLite writers already take turns.)
///
/// The locks come before the reads, in a statement of their own: a read-committed statement
/// sees what was committed when it began, so a read in the statement that waited for a lock
/// could miss the commit it waited for. Two groups that use one op_id in one scope for two
/// targets are not ordered by these locks; the unique `op_key` index refuses the second, and
/// [`commit_group`] then answers its ops one by one.
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
