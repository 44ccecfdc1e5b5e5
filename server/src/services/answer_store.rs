//! The write path of answers. A group of operations is applied in one transaction with a fixed
//! number of statements, however many operations it holds: read the op_ids already used and the
//! current answers, decide every operation in memory in order, then append all events in one
//! INSERT and upsert the changed answers in another. That is what lets one SQLite writer
//! acknowledge thousands of changes a second.
//!
//! The UNIQUE index on `answer_events.op_id` stays the guarantee that an op lands once; the
//! read up front only lets replays be answered without tripping it.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, SqlErr,
};

use app::domain::rating::Rating;
use app::features::interviews::dto::{AnswerView, Written};

use crate::db::entities::{answer, answer_event as event, interview};
use crate::error::ServiceError;

/// An answer change that passed every check that needs no transaction.
#[derive(Debug, Clone)]
pub struct PreparedOp {
    pub study_id: String,
    pub interview_id: String,
    pub item_id: String,
    pub actor: String,
    pub op_id: String,
    pub hash: String,
    pub rating: Rating,
    pub note: Option<String>,
    pub quote: Option<String>,
    pub base_revision: Option<u32>,
}

type Key = (String, String);

/// What the transaction has decided so far: op_ids taken (with their content hash and
/// revision) and the current answer of every item the group touches.
struct Pending {
    ops: HashMap<String, (String, u32)>,
    answers: HashMap<Key, Option<answer::Model>>,
    events: Vec<event::ActiveModel>,
    changed: HashSet<Key>,
}

pub fn rating_of(s: &str) -> Rating {
    // Written by this module from the enum; anything else would be a hand-edited database.
    Rating::from_code(s).unwrap_or(Rating::NotDiscussed)
}

pub fn answer_view(a: answer::Model) -> AnswerView {
    AnswerView {
        rating: rating_of(&a.rating),
        item_id: a.item_id,
        note: a.note,
        quote: a.quote,
        revision: a.revision.max(0) as u32,
        updated_at: a.updated_at.to_rfc3339(),
    }
}

/// Applies `ops` in order in one transaction and answers each. When the transaction fails as a
/// whole (lost a race with another instance, the database hiccuped) nothing of it was
/// committed, so each op gets its own try and its own answer.
pub async fn commit_group(
    db: &DatabaseConnection,
    ops: &[PreparedOp],
) -> Vec<Result<Written, ServiceError>> {
    match in_transaction(db, ops).await {
        Ok(results) => results,
        // Also for a single op: if another instance committed its op_id between our read and our
        // insert, the retry finds it and answers it as a replay.
        Err(e) => {
            tracing::warn!(error = %e, ops = ops.len(), "answer writes failed as a group; applying them one by one");
            let mut results = Vec::with_capacity(ops.len());
            for op in ops {
                results.push(write_one(db, op).await);
            }
            results
        }
    }
}

async fn in_transaction(
    db: &DatabaseConnection,
    ops: &[PreparedOp],
) -> Result<Vec<Result<Written, ServiceError>>, ServiceError> {
    let write = crate::db::begin_write(db).await?;
    let results = write_all(&write.txn, ops).await?;
    write.commit().await?;
    Ok(results)
}

/// One op in its own transaction.
async fn write_one(db: &DatabaseConnection, op: &PreparedOp) -> Result<Written, ServiceError> {
    let ops = std::slice::from_ref(op);
    match in_transaction(db, ops).await {
        Ok(mut results) => results.pop().unwrap_or_else(|| {
            Err(ServiceError::Conflict(
                "the change was not applied; try again".into(),
            ))
        }),
        Err(ServiceError::Db(e))
            if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
        {
            // Another instance committed this op_id between our read and our insert:
            // answer as it was answered.
            replayed(db, &op.op_id, &op.hash)
                .await?
                .ok_or(ServiceError::Db(e))
        }
        Err(e) => Err(e),
    }
}

/// Applies `ops` in order inside the caller's transaction. Each op gets its own result: a stale
/// or conflicting op is refused and the rest go on. An `Err` means the transaction must be
/// abandoned, nothing of it counts.
pub async fn write_all(
    txn: &impl ConnectionTrait,
    ops: &[PreparedOp],
) -> Result<Vec<Result<Written, ServiceError>>, DbErr> {
    if ops.is_empty() {
        return Ok(Vec::new());
    }
    lock_interviews(txn, ops).await?;
    let mut pending = Pending {
        ops: taken_op_ids(txn, ops).await?,
        answers: current_answers(txn, ops).await?,
        events: Vec::new(),
        changed: HashSet::new(),
    };
    let now = Utc::now();
    let results: Vec<_> = ops.iter().map(|op| decide(&mut pending, op, now)).collect();
    event::Entity::insert_many(std::mem::take(&mut pending.events))
        .exec_without_returning(txn)
        .await?;
    upsert_answers(txn, &pending).await?;
    Ok(results)
}

/// PostgreSQL runs writers in parallel: lock the interviews so that two changes of one answer
/// cannot both read the same revision. Sorted, so two groups lock in the same order and cannot
/// deadlock. (SQLite writers already take turns.)
async fn lock_interviews(txn: &impl ConnectionTrait, ops: &[PreparedOp]) -> Result<(), DbErr> {
    if txn.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    let mut ids: Vec<&str> = ops.iter().map(|o| o.interview_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    interview::Entity::find()
        .select_only()
        .column(interview::Column::Id)
        .filter(interview::Column::Id.is_in(ids))
        .order_by_asc(interview::Column::Id)
        .lock_exclusive()
        .into_tuple::<String>()
        .all(txn)
        .await?;
    Ok(())
}

async fn taken_op_ids(
    txn: &impl ConnectionTrait,
    ops: &[PreparedOp],
) -> Result<HashMap<String, (String, u32)>, DbErr> {
    let rows: Vec<(String, String, i32)> = event::Entity::find()
        .select_only()
        .columns([
            event::Column::OpId,
            event::Column::RequestHash,
            event::Column::Revision,
        ])
        .filter(event::Column::OpId.is_in(ops.iter().map(|o| o.op_id.as_str())))
        .into_tuple()
        .all(txn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(op, hash, rev)| (op, (hash, rev.max(0) as u32)))
        .collect())
}

/// The current answers of the items the ops touch (absent ones as `None`).
async fn current_answers(
    txn: &impl ConnectionTrait,
    ops: &[PreparedOp],
) -> Result<HashMap<Key, Option<answer::Model>>, DbErr> {
    let mut interviews: Vec<&str> = ops.iter().map(|o| o.interview_id.as_str()).collect();
    interviews.sort_unstable();
    interviews.dedup();
    let mut items: Vec<&str> = ops.iter().map(|o| o.item_id.as_str()).collect();
    items.sort_unstable();
    items.dedup();
    // A group is nearly always one interview, so the cross product adds next to nothing.
    let rows = answer::Entity::find()
        .filter(answer::Column::InterviewId.is_in(interviews))
        .filter(answer::Column::ItemId.is_in(items))
        .all(txn)
        .await?;
    let mut found: HashMap<Key, Option<answer::Model>> = ops
        .iter()
        .map(|o| ((o.interview_id.clone(), o.item_id.clone()), None))
        .collect();
    for row in rows {
        let key = (row.interview_id.clone(), row.item_id.clone());
        if let Some(slot) = found.get_mut(&key) {
            *slot = Some(row);
        }
    }
    Ok(found)
}

/// One op against the state so far: a replay, a conflict, a stale base, or the next revision.
fn decide(p: &mut Pending, op: &PreparedOp, now: DateTime<Utc>) -> Result<Written, ServiceError> {
    if let Some((hash, revision)) = p.ops.get(&op.op_id) {
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
    let key = (op.interview_id.clone(), op.item_id.clone());
    let current = p.answers.get(&key).cloned().flatten();
    let current_revision = current.as_ref().map_or(0, |a| a.revision.max(0) as u32);
    if let Some(base) = op.base_revision {
        if base < current_revision {
            return Err(ServiceError::Stale {
                message: format!(
                    "this answer changed since revision {base}; it is now at revision {current_revision}"
                ),
                current: serde_json::to_value(current.map(answer_view)).unwrap_or_default(),
            });
        }
    }
    let revision = current_revision + 1;
    p.events.push(event::ActiveModel {
        op_id: Set(op.op_id.clone()),
        request_hash: Set(op.hash.clone()),
        study_id: Set(op.study_id.clone()),
        interview_id: Set(op.interview_id.clone()),
        item_id: Set(op.item_id.clone()),
        actor_id: Set(op.actor.clone()),
        at: Set(now),
        revision: Set(revision as i32),
        old_rating: Set(current.as_ref().map(|a| a.rating.clone())),
        new_rating: Set(op.rating.code().to_string()),
        old_note: Set(current.as_ref().and_then(|a| a.note.clone())),
        new_note: Set(op.note.clone()),
        old_quote: Set(current.as_ref().and_then(|a| a.quote.clone())),
        new_quote: Set(op.quote.clone()),
        ..Default::default()
    });
    let next = answer::Model {
        interview_id: op.interview_id.clone(),
        item_id: op.item_id.clone(),
        rating: op.rating.code().to_string(),
        note: op.note.clone(),
        quote: op.quote.clone(),
        revision: revision as i32,
        updated_at: now,
        updated_by: op.actor.clone(),
    };
    p.changed.insert(key.clone());
    p.answers.insert(key, Some(next));
    p.ops.insert(op.op_id.clone(), (op.hash.clone(), revision));
    Ok(Written { revision })
}

/// Writes each changed answer once, in its final state: one row may not be upserted twice in
/// one statement.
async fn upsert_answers(txn: &impl ConnectionTrait, p: &Pending) -> Result<(), DbErr> {
    use answer::Column as C;
    let rows = p
        .changed
        .iter()
        .filter_map(|k| p.answers.get(k).cloned().flatten())
        .map(|a| answer::ActiveModel {
            interview_id: Set(a.interview_id),
            item_id: Set(a.item_id),
            rating: Set(a.rating),
            note: Set(a.note),
            quote: Set(a.quote),
            revision: Set(a.revision),
            updated_at: Set(a.updated_at),
            updated_by: Set(a.updated_by),
        });
    let on_conflict = OnConflict::columns([C::InterviewId, C::ItemId])
        .update_columns([
            C::Rating,
            C::Note,
            C::Quote,
            C::Revision,
            C::UpdatedAt,
            C::UpdatedBy,
        ])
        .to_owned();
    answer::Entity::insert_many(rows)
        .on_conflict(on_conflict)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// The stored result of an op_id seen before, or a conflict when its content differs.
async fn replayed(
    db: &impl ConnectionTrait,
    op_id: &str,
    hash: &str,
) -> Result<Option<Written>, ServiceError> {
    match event::Entity::find()
        .filter(event::Column::OpId.eq(op_id))
        .one(db)
        .await?
    {
        Some(e) if e.request_hash == hash => Ok(Some(Written {
            revision: e.revision.max(0) as u32,
        })),
        Some(_) => Err(ServiceError::OpConflict(format!(
            "op_id {op_id} was already used for a different change"
        ))),
        None => Ok(None),
    }
}
