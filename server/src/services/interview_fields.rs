//! An interview's fields besides item ratings: trend impacts, aspects per role, job titles,
//! related occupations, education levels. Written like answers (one op per change, applied once
//! per op_id, a stale base revision is a conflict with the current value, every change kept),
//! but one op per transaction: these change a few times per interview, not thousands a second.

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, SqlErr,
};
use sha2::{Digest, Sha256};

use app::domain::access::Permission;
use app::domain::codebook::NodeKind;
use app::domain::interview_fields::{FieldKey, FieldValue, validate};
use app::domain::reference;
use app::features::interviews::dto::{
    FieldChange, FieldHistoryEntry, FieldOp, FieldResult, FieldView, TagUse, Written,
};

use super::Ctx;
use super::interviews::{invalid, op_result, writable};
use crate::auth::policy;
use crate::db::entities::{interview, interview_field as field, interview_field_event as event};
use crate::db::immutable::{self, InterviewFacts};
use crate::error::ServiceError;

const MAX_OPS: usize = 200;

fn parse_value(text: &str) -> FieldValue {
    // Written by this module from a checked value; anything else would be a hand-edited database.
    serde_json::from_str(text).unwrap_or(FieldValue::Tags(Vec::new()))
}

fn view(f: field::Model) -> FieldView {
    FieldView {
        value: parse_value(&f.value),
        key: f.key,
        revision: f.revision.max(0) as u32,
        updated_at: f.updated_at.to_rfc3339(),
    }
}

pub async fn current(
    db: &DatabaseConnection,
    interview_id: &str,
) -> Result<Vec<FieldView>, ServiceError> {
    let rows = field::Entity::find()
        .filter(field::Column::InterviewId.eq(interview_id))
        .order_by_asc(field::Column::Key)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(view).collect())
}

/// The key, checked against the reference data and the study's codebook.
async fn check_key(
    db: &DatabaseConnection,
    iv: &InterviewFacts,
    key: &str,
) -> Result<FieldKey, ServiceError> {
    let parsed = FieldKey::parse(key).ok_or_else(|| {
        invalid(
            "key",
            format!("unknown field {key:?}: trend:<trend>, aspects:<role id>, job_titles, related_occupations, education_now or education_in_5_years"),
        )
    })?;
    match &parsed {
        FieldKey::Trend(t) if !reference::TRENDS.iter().any(|tr| &tr.key == t) => Err(invalid(
            "key",
            format!("{t:?} is not one of the six trends"),
        )),
        FieldKey::Aspects(role) => {
            let codebook = immutable::study_codebook(db, &iv.study_id)
                .await?
                .unwrap_or_default();
            match immutable::node(db, role).await? {
                Some(n) if n.codebook_id == codebook && n.kind == NodeKind::Role.code() => {
                    Ok(parsed)
                }
                _ => Err(invalid(
                    "key",
                    format!("{role:?} is not a role of this study's codebook"),
                )),
            }
        }
        _ => Ok(parsed),
    }
}

struct Prepared {
    iv: InterviewFacts,
    actor: String,
    key: String,
    value: String,
    op_id: String,
    hash: String,
    base_revision: Option<u32>,
}

async fn prepare(
    ctx: &Ctx,
    actor: &str,
    iv: &InterviewFacts,
    key: &str,
    change: FieldChange,
) -> Result<Prepared, ServiceError> {
    let op_id = change.op_id.trim().to_string();
    if op_id.is_empty() || op_id.len() > 64 {
        return Err(invalid(
            "op_id",
            "op_id must be 1 to 64 characters (a UUID)",
        ));
    }
    let parsed = check_key(&ctx.db, iv, key).await?;
    let value = validate(&parsed, change.value).map_err(|problems| {
        let message = problems
            .first()
            .map(|p| p.reason.clone())
            .unwrap_or_else(|| "the value is not valid".into());
        ServiceError::invalid(message, problems)
    })?;
    let value = serde_json::to_string(&value).map_err(|e| ServiceError::Conflict(e.to_string()))?;
    let canonical = serde_json::json!([key, value, change.base_revision]).to_string();
    Ok(Prepared {
        iv: iv.clone(),
        actor: actor.to_string(),
        key: parsed.code(),
        value,
        op_id,
        hash: hex::encode(Sha256::digest(canonical.as_bytes())),
        base_revision: change.base_revision,
    })
}

pub async fn put(
    ctx: &Ctx,
    interview_id: &str,
    key: &str,
    change: FieldChange,
) -> Result<Written, ServiceError> {
    let (actor, iv) = writable(ctx, interview_id).await?;
    let op = prepare(ctx, &actor, &iv, key, change).await?;
    write(&ctx.db, &op).await
}

/// The capture form's queue of field changes (`[FieldOp]` as JSON), each op on its own.
pub async fn save_json(
    ctx: &Ctx,
    interview_id: &str,
    ops_json: &str,
) -> Result<Vec<FieldResult>, ServiceError> {
    let ops: Vec<FieldOp> = serde_json::from_str(ops_json).map_err(|e| {
        ServiceError::malformed(
            format!("the queued changes are not valid JSON: {e}"),
            vec![],
        )
    })?;
    if ops.len() > MAX_OPS {
        return Err(invalid(
            "ops",
            format!("at most {MAX_OPS} operations per batch"),
        ));
    }
    let (actor, iv) = writable(ctx, interview_id).await?;
    let mut results = Vec::with_capacity(ops.len());
    for op in ops {
        let op_id = op.change.op_id.clone();
        let outcome = match prepare(ctx, &actor, &iv, &op.key, op.change).await {
            Ok(p) => write(&ctx.db, &p).await,
            Err(e) => Err(e),
        };
        results.push(op_result(op_id, outcome));
    }
    Ok(results)
}

async fn write(db: &DatabaseConnection, op: &Prepared) -> Result<Written, ServiceError> {
    let txn = crate::db::begin_write(db).await?;
    match write_in(&txn.txn, op).await {
        Ok(w) => {
            txn.commit().await?;
            Ok(w)
        }
        Err(ServiceError::Db(e))
            if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
        {
            drop(txn);
            // Another instance committed this op_id first: answer as it was answered.
            replayed(db, op).await?.ok_or(ServiceError::Db(e))
        }
        Err(e) => Err(e),
    }
}

async fn write_in(txn: &impl ConnectionTrait, op: &Prepared) -> Result<Written, ServiceError> {
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        interview::Entity::find_by_id(op.iv.id.clone())
            .select_only()
            .column(interview::Column::Id)
            .lock_exclusive()
            .into_tuple::<String>()
            .one(txn)
            .await?;
    }
    if let Some(done) = replayed(txn, op).await? {
        return Ok(done);
    }
    let current = field::Entity::find_by_id((op.iv.id.clone(), op.key.clone()))
        .one(txn)
        .await?;
    let current_revision = current.as_ref().map_or(0, |f| f.revision.max(0) as u32);
    if op.base_revision.is_some_and(|base| base < current_revision) {
        return Err(ServiceError::Stale {
            message: format!(
                "this field changed since revision {}; it is now at revision {current_revision}",
                op.base_revision.unwrap_or(0)
            ),
            current: serde_json::to_value(current.map(view)).unwrap_or_default(),
        });
    }
    let revision = current_revision + 1;
    let now = Utc::now();
    event::Entity::insert(event::ActiveModel {
        op_id: Set(op.op_id.clone()),
        request_hash: Set(op.hash.clone()),
        study_id: Set(op.iv.study_id.clone()),
        interview_id: Set(op.iv.id.clone()),
        key: Set(op.key.clone()),
        actor_id: Set(op.actor.clone()),
        at: Set(now),
        revision: Set(revision as i32),
        old_value: Set(current.map(|f| f.value)),
        new_value: Set(op.value.clone()),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    let row = field::ActiveModel {
        interview_id: Set(op.iv.id.clone()),
        key: Set(op.key.clone()),
        value: Set(op.value.clone()),
        revision: Set(revision as i32),
        updated_at: Set(now),
        updated_by: Set(op.actor.clone()),
    };
    let on_conflict = OnConflict::columns([field::Column::InterviewId, field::Column::Key])
        .update_columns([
            field::Column::Value,
            field::Column::Revision,
            field::Column::UpdatedAt,
            field::Column::UpdatedBy,
        ])
        .to_owned();
    field::Entity::insert(row)
        .on_conflict(on_conflict)
        .exec_without_returning(txn)
        .await?;
    Ok(Written { revision })
}

async fn replayed(
    db: &impl ConnectionTrait,
    op: &Prepared,
) -> Result<Option<Written>, ServiceError> {
    match event::Entity::find()
        .filter(event::Column::OpId.eq(op.op_id.as_str()))
        .one(db)
        .await?
    {
        Some(e) if e.request_hash == op.hash => Ok(Some(Written {
            revision: e.revision.max(0) as u32,
        })),
        Some(_) => Err(ServiceError::OpConflict(format!(
            "op_id {} was already used for a different change",
            op.op_id
        ))),
        None => Ok(None),
    }
}

pub async fn history(
    ctx: &Ctx,
    interview_id: &str,
    key: &str,
) -> Result<Vec<FieldHistoryEntry>, ServiceError> {
    policy::interview(&ctx.db, &ctx.principal, interview_id, Permission::Read).await?;
    let events = event::Entity::find()
        .filter(event::Column::InterviewId.eq(interview_id))
        .filter(event::Column::Key.eq(key))
        .order_by_asc(event::Column::Id)
        .all(&ctx.db)
        .await?;
    let actors: Vec<&str> = events.iter().map(|e| e.actor_id.as_str()).collect();
    let names = super::accounts::names_of(&ctx.db, &actors).await?;
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        out.push(FieldHistoryEntry {
            at: e.at.to_rfc3339(),
            actor: names
                .get(&e.actor_id)
                .cloned()
                .unwrap_or_else(|| e.actor_id.clone()),
            revision: e.revision.max(0) as u32,
            old_value: e.old_value.as_deref().map(parse_value),
            new_value: parse_value(&e.new_value),
            op_id: e.op_id,
        });
    }
    Ok(out)
}

/// The aspect tags used in the study's interviews, most used first: suggestions for the next.
pub async fn aspect_suggestions(ctx: &Ctx, study_id: &str) -> Result<Vec<TagUse>, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study_id, Permission::Read).await?;
    let interviews: Vec<String> = interview::Entity::find()
        .select_only()
        .column(interview::Column::Id)
        .filter(interview::Column::StudyId.eq(study_id))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let rows: Vec<(String, String)> = field::Entity::find()
        .select_only()
        .columns([field::Column::InterviewId, field::Column::Value])
        .filter(field::Column::InterviewId.is_in(interviews))
        .filter(field::Column::Key.starts_with("aspects:"))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    // Per tag (case-insensitive): how often each spelling is used, and by which interviews.
    let mut uses: BTreeMap<String, (BTreeMap<String, u32>, std::collections::BTreeSet<String>)> =
        BTreeMap::new();
    for (interview_id, value) in rows {
        if let FieldValue::Tags(tags) = parse_value(&value) {
            for tag in tags {
                let entry = uses.entry(tag.to_lowercase()).or_default();
                *entry.0.entry(tag).or_default() += 1;
                entry.1.insert(interview_id.clone());
            }
        }
    }
    let mut out: Vec<TagUse> = uses
        .into_values()
        .map(|(spellings, ivs)| {
            // The most used spelling; on a tie the first in sort order, so the answer is stable.
            let tag = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(t, _)| t.clone())
                .unwrap_or_default();
            TagUse {
                tag,
                count: ivs.len() as u32,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.tag.to_lowercase().cmp(&b.tag.to_lowercase()))
    });
    Ok(out)
}
