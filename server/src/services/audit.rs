//! The audit log of administrative and account actions: append-only (no API edits or deletes
//! it) and tamper-evident: each entry carries the hash of the one before, so a changed, removed
//! or inserted entry breaks the chain (`aansluiting admin verify-audit` walks it).

use chrono::{TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Statement,
};
use serde_json::Value;
use sha2::Digest;

use app::domain::access::Permission;
use app::domain::ids::StudyId;
use app::features::studies::dto::AuditEntryView;

use super::Ctx;
use super::accounts::users as accounts;
use crate::auth::policy;
use crate::db::entities::{audit_entry as audit, user};
use crate::db::{Db, stored};
use crate::error::ServiceError;

/// Appends an entry, chained to the one before it, inside `txn` (which commits it with the
/// change it records). The chain is taken in turns: on PostgreSQL an advisory lock held until
/// `txn` ends, on SQLite the writer's turn that every write transaction holds (`Db::begin_write`).
pub async fn record(
    txn: &DatabaseTransaction,
    actor_id: Option<&str>,
    study_id: Option<&str>,
    action: &str,
    details: Value,
) -> Result<(), ServiceError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT pg_advisory_xact_lock({CHAIN_LOCK})"),
        ))
        .await?;
    }
    let prev_hash = last_hash(txn).await?;
    // Microseconds: what PostgreSQL keeps, so the hash of the stored entry is the hash made now.
    let now = Utc::now();
    let at = Utc
        .timestamp_micros(now.timestamp_micros())
        .single()
        .unwrap_or(now);
    let row = audit::ActiveModel {
        at: Set(at),
        actor_id: Set(actor_id.map(str::to_string)),
        study_id: Set(study_id.map(str::to_string)),
        action: Set(action.to_string()),
        details: Set(details.to_string()),
        prev_hash: Set(prev_hash),
        ..Default::default()
    };
    let id = audit::Entity::insert(row).exec(txn).await?.last_insert_id;
    // Hashed as stored, read back: what `verify` will read.
    let inserted = audit::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("audit entry {id} vanished")))?;
    let hash = entry_hash(&inserted);
    audit::Entity::update_many()
        .col_expr(audit::Column::Hash, Expr::value(Some(hash)))
        .filter(audit::Column::Id.eq(inserted.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// [`record`] in a write transaction of its own, for changes that were committed on their own.
pub async fn record_committed(
    db: &Db,
    actor_id: Option<&str>,
    study_id: Option<&str>,
    action: &str,
    details: Value,
) -> Result<(), ServiceError> {
    let write = db.begin_write().await?;
    record(&write.txn, actor_id, study_id, action, details).await?;
    write.commit().await?;
    Ok(())
}

/// An account's own action (signing in, a token, a session), committed on its own: recorded
/// with the account's email address beside `details`.
pub async fn account(
    db: &Db,
    user_id: &str,
    email: &str,
    action: &str,
    mut details: Value,
) -> Result<(), ServiceError> {
    if let Value::Object(fields) = &mut details {
        fields.insert("email".into(), Value::String(email.to_string()));
    }
    record_committed(db, Some(user_id), None, action, details).await
}

/// Any number, the same in every instance: the key of the PostgreSQL lock the chain is taken
/// under ("AUDIT" in ASCII).
const CHAIN_LOCK: i64 = 0x41_5544_4954;

async fn last_hash(db: &impl ConnectionTrait) -> Result<Option<String>, ServiceError> {
    let last = audit::Entity::find()
        .order_by_desc(audit::Column::Id)
        .one(db)
        .await?;
    match last {
        None => Ok(None),
        Some(e) => e
            .hash
            .map(Some)
            .ok_or_else(|| ServiceError::Internal(format!("audit entry {} is not sealed", e.id))),
    }
}

/// SHA-256 of the entry's stored fields and the previous entry's hash, as a JSON array: no
/// field can be shifted into another.
pub fn entry_hash(e: &audit::Model) -> String {
    let fields = serde_json::json!([
        e.prev_hash,
        e.id,
        e.at.timestamp_micros(),
        e.actor_id,
        e.study_id,
        e.action,
        e.details,
    ]);
    hex::encode(sha2::Sha256::digest(fields.to_string().as_bytes()))
}

/// Chains the entries written before the chain existed (migration 9), in the order they were
/// written; a no-op once every entry has its hash. Run at start-up.
pub async fn seal(db: &Db) -> Result<u64, ServiceError> {
    let unsealed = audit::Entity::find()
        .filter(audit::Column::Hash.is_null())
        .count(db)
        .await?;
    if unsealed == 0 {
        return Ok(0);
    }
    let write = db.begin_write().await?;
    let mut prev: Option<String> = None;
    let mut sealed = 0;
    for mut e in audit::Entity::find()
        .order_by_asc(audit::Column::Id)
        .all(&write.txn)
        .await?
    {
        if e.hash.is_none() {
            e.prev_hash = prev.clone();
            let hash = entry_hash(&e);
            audit::Entity::update_many()
                .col_expr(audit::Column::PrevHash, Expr::value(e.prev_hash.clone()))
                .col_expr(audit::Column::Hash, Expr::value(Some(hash.clone())))
                .filter(audit::Column::Id.eq(e.id))
                .exec(&write.txn)
                .await?;
            e.hash = Some(hash);
            sealed += 1;
        }
        prev = e.hash;
    }
    write.commit().await?;
    Ok(sealed)
}

/// What checking the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    Intact {
        entries: u64,
    },
    /// The first entry whose stored hash is not the hash of its contents, or whose `prev_hash`
    /// is not its predecessor's hash (an entry changed, removed or inserted).
    Broken {
        entry_id: i64,
        why: String,
    },
}

/// Walks the whole log in order and recomputes every hash.
pub async fn verify(db: &impl ConnectionTrait) -> Result<ChainCheck, ServiceError> {
    let mut prev: Option<String> = None;
    let mut entries = 0;
    let mut pages = audit::Entity::find()
        .order_by_asc(audit::Column::Id)
        .paginate(db, 1000);
    while let Some(page) = pages.fetch_and_next().await? {
        for e in page {
            if e.prev_hash != prev {
                return Ok(ChainCheck::Broken {
                    entry_id: e.id,
                    why: "it does not follow the entry before it (one was removed, inserted or changed)".into(),
                });
            }
            if e.hash.as_deref() != Some(entry_hash(&e).as_str()) {
                return Ok(ChainCheck::Broken {
                    entry_id: e.id,
                    why: "its contents are not what was recorded".into(),
                });
            }
            prev = e.hash;
            entries += 1;
        }
    }
    Ok(ChainCheck::Intact { entries })
}

pub async fn list(ctx: &Ctx, study: StudyId) -> Result<Vec<AuditEntryView>, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study, Permission::Coordinate).await?;
    let study_id = &study.to_string();
    let rows = audit::Entity::find()
        .filter(audit::Column::StudyId.eq(study_id))
        .order_by_desc(audit::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let actor = match &r.actor_id {
            Some(id) => user::Entity::find_by_id(id.clone()).one(&ctx.db).await?,
            None => None,
        };
        let details: Value = stored::json("audit entry's details", &r.details)?;
        let subject_name = match details.get("email").and_then(Value::as_str) {
            Some(email) => Some(
                accounts::find_by_email(&ctx.db, email)
                    .await?
                    .map(|u| display_name(&u))
                    .unwrap_or_else(|| email.to_string()),
            ),
            None => None,
        };
        out.push(AuditEntryView {
            id: r.id,
            at: r.at.to_rfc3339(),
            actor: match (&r.actor_id, &actor) {
                (None, _) => Some("system".to_string()),
                (Some(_), u) => u.as_ref().map(|u| u.email.clone()),
            },
            actor_name: actor.as_ref().map(display_name),
            action: r.action,
            details,
            subject_name,
        });
    }
    Ok(out)
}

/// A person as lists show them: their name, or their address if they have none.
fn display_name(u: &user::Model) -> String {
    if u.name.trim().is_empty() {
        u.email.clone()
    } else {
        u.name.clone()
    }
}
