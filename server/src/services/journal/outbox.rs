//! The one event sequence: every committed change appends a row to `events` in its own
//! transaction, and the process announces the last id on the [`EventBus`] after the commit. A
//! reader that asks for `id > cursor` after a commit must never later see an id below its
//! cursor, so ids are handed out in commit order:
//!
//! - SQLite has one writer at a time, so ids are allocated and committed in the same order:
//!   write transactions begin IMMEDIATE (`db::Db::begin_write`), holding the database's write
//!   lock from before the first read to the commit, even across instances on one file.
//! - PostgreSQL allocates sequence values when asked, and a transaction that took 7 may commit
//!   after one that took 8. So before its first event a transaction takes one transaction-scoped
//!   advisory lock, held until it has committed: allocation and commit happen one writer at a
//!   time (only this last step; reading and deciding still run in parallel).

use std::sync::Arc;

use sea_orm::{ActiveValue::Set, ConnectionTrait, DbBackend, DbErr, EntityTrait, Statement};
use serde::Serialize;
use tokio::sync::watch;

use crate::db::entities::event;

/// The advisory lock that orders event ids on PostgreSQL. The two-number form: its keys never
/// meet the one-number keys that scope locks use.
const SEQUENCE_LOCK: (i32, i32) = (0x6161_6e73, 1);

/// A row to append.
pub struct NewEvent<'a, V> {
    pub kind: &'a str,
    pub study_id: &'a str,
    pub scope: &'a str,
    pub target: &'a str,
    pub op_id: &'a str,
    pub hash: &'a str,
    pub actor: &'a str,
    pub at: chrono::DateTime<chrono::Utc>,
    pub revision: u32,
    pub old: Option<&'a V>,
    pub new: &'a V,
}

/// What `events.op_key` holds: an op_id is unique per kind and scope.
pub fn op_key(kind: &str, scope: &str, op_id: &str) -> String {
    format!("{kind}:{scope}:{op_id}")
}

fn json<V: Serialize>(v: &V) -> Result<String, DbErr> {
    serde_json::to_string(v).map_err(|e| DbErr::Json(e.to_string()))
}

impl<V: Serialize> NewEvent<'_, V> {
    fn row(&self) -> Result<event::ActiveModel, DbErr> {
        Ok(event::ActiveModel {
            kind: Set(self.kind.to_string()),
            study_id: Set(self.study_id.to_string()),
            scope_id: Set(self.scope.to_string()),
            target: Set(self.target.to_string()),
            op_id: Set(self.op_id.to_string()),
            op_key: Set(op_key(self.kind, self.scope, self.op_id)),
            request_hash: Set(self.hash.to_string()),
            actor_id: Set(self.actor.to_string()),
            at: Set(self.at),
            revision: Set(i32::try_from(self.revision).unwrap_or(i32::MAX)),
            old_value: Set(self.old.map(json).transpose()?),
            new_value: Set(json(self.new)?),
            ..Default::default()
        })
    }
}

/// Appends `events` in order inside the caller's transaction, as its last write before the
/// commit (on PostgreSQL everything after this waits for our commit). The id of the last one.
pub async fn append<C: ConnectionTrait, V: Serialize>(
    txn: &C,
    events: &[NewEvent<'_, V>],
) -> Result<Option<i64>, DbErr> {
    if events.is_empty() {
        return Ok(None);
    }
    let rows = events
        .iter()
        .map(NewEvent::row)
        .collect::<Result<Vec<_>, _>>()?;
    order_ids_by_commit(txn).await?;
    let inserted = event::Entity::insert_many(rows).exec(txn).await?;
    Ok(inserted.last_insert_id)
}

/// A change that no client op_id names (a control, a join, a new workshop): appended with a
/// fresh op_id and the hash of its new value, like every other event.
pub struct SystemEvent<'a, V> {
    pub kind: &'a str,
    pub study_id: &'a str,
    pub scope: &'a str,
    pub target: &'a str,
    pub actor: &'a str,
    pub revision: u32,
    pub old: Option<&'a V>,
    pub new: &'a V,
}

/// Appends one [`SystemEvent`]; its id.
pub async fn append_system<C: ConnectionTrait, V: Serialize>(
    txn: &C,
    e: SystemEvent<'_, V>,
) -> Result<Option<i64>, DbErr> {
    let op_id = uuid::Uuid::new_v4().to_string();
    let content = serde_json::to_value(e.new).map_err(|x| DbErr::Json(x.to_string()))?;
    let hash = super::request_hash(e.target, &[content], None);
    let event = NewEvent {
        kind: e.kind,
        study_id: e.study_id,
        scope: e.scope,
        target: e.target,
        op_id: &op_id,
        hash: &hash,
        actor: e.actor,
        at: chrono::Utc::now(),
        revision: e.revision,
        old: e.old,
        new: e.new,
    };
    append(txn, &[event]).await
}

/// No NOTIFY here: a notifying commit takes PostgreSQL's cluster-wide notify lock and wakes
/// every listener once per write; `live::announce` sends one per burst after the commits.
async fn order_ids_by_commit<C: ConnectionTrait>(txn: &C) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1, $2)",
        [SEQUENCE_LOCK.0.into(), SEQUENCE_LOCK.1.into()],
    ))
    .await?;
    Ok(())
}

/// The last event id this process committed, for whoever streams changes (the live views).
/// It only moves forward; subscribers read `events` after their cursor when it moves.
#[derive(Clone)]
pub struct EventBus {
    tx: Arc<watch::Sender<i64>>,
}

impl Default for EventBus {
    fn default() -> Self {
        EventBus {
            tx: Arc::new(watch::Sender::new(0)),
        }
    }
}

impl EventBus {
    /// Call after the commit that made `id` visible. Commits finish out of order between tasks,
    /// so an older id never replaces a newer one.
    pub fn published(&self, id: i64) {
        self.tx.send_if_modified(|last| {
            let newer = id > *last;
            if newer {
                *last = id;
            }
            newer
        });
    }

    pub fn subscribe(&self) -> watch::Receiver<i64> {
        self.tx.subscribe()
    }

    pub fn last(&self) -> i64 {
        *self.tx.borrow()
    }
}
