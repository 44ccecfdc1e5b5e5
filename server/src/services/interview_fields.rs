//! An interview's fields besides item ratings: trend impacts, aspects per role, job titles,
//! related occupations, education levels. Written through the op journal like answers (one op
//! per change, applied once per op_id, a stale base revision is a conflict with the current
//! value, every change kept); here: checking and writing changes, their history, and tag
//! suggestions. What a field's current value is and where it lives: `field_store`.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use app::domain::access::Permission;
use app::domain::codebook::NodeKind;
use app::domain::ids::{InterviewId, NodeId, StudyId};
use app::domain::interview_fields::{FieldKey, FieldValue, validate};
use app::domain::reference;
use app::features::interviews::dto::{
    FieldChange, FieldHistoryEntry, FieldOp, FieldResult, TagUse, Written,
};

use super::Ctx;
use super::field_store::{Fields, parse_value};
use super::interviews::{invalid, study_codebook, writable};
use super::journal::{self, Op};
use crate::auth::policy;
use crate::db::Db;
use crate::db::entities::{interview, interview_field as field};
use crate::db::immutable::InterviewFacts;
use crate::error::ServiceError;

const MAX_OPS: usize = 200;

/// The key, checked against the reference data and the study's codebook.
async fn check_key(db: &Db, iv: &InterviewFacts, key: &str) -> Result<FieldKey, ServiceError> {
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
            let codebook = study_codebook(db, iv).await?;
            let not_a_role = || {
                invalid(
                    "key",
                    format!("{role:?} is not a role of this study's codebook"),
                )
            };
            let role_id = role.parse::<NodeId>().map_err(|_| not_a_role())?;
            match db.facts.node(db, &role_id.to_string()).await? {
                Some(n) if n.codebook_id == codebook && n.kind == NodeKind::Role.code() => {
                    Ok(parsed)
                }
                _ => Err(not_a_role()),
            }
        }
        _ => Ok(parsed),
    }
}

async fn prepare(
    ctx: &Ctx,
    actor: &str,
    iv: &InterviewFacts,
    key: &str,
    change: FieldChange,
) -> Result<Op<FieldValue>, ServiceError> {
    let op_id = journal::check_op_id(&change.op_id)?;
    let parsed = check_key(&ctx.db, iv, key).await?;
    let value = validate(&parsed, change.value).map_err(|problems| {
        let message = problems
            .first()
            .map(|p| p.reason.clone())
            .unwrap_or_else(|| "the value is not valid".into());
        ServiceError::invalid(message, problems)
    })?;
    let text = serde_json::to_string(&value)
        .map_err(|e| ServiceError::Internal(format!("a field value did not serialise: {e}")))?;
    Ok(Op {
        study_id: iv.study_id.clone(),
        scope: iv.id.clone(),
        target: parsed.code(),
        actor: actor.to_string(),
        op_id,
        hash: journal::request_hash(key, &[text.into()], change.base_revision),
        base_revision: change.base_revision,
        value,
    })
}

pub async fn put(
    ctx: &Ctx,
    interview_id: InterviewId,
    key: &str,
    change: FieldChange,
) -> Result<Written, ServiceError> {
    let (actor, iv) = writable(ctx, interview_id).await?;
    let op = prepare(ctx, &actor, &iv, key, change).await?;
    let writer = ctx.writers.as_ref().map(|w| &w.fields);
    journal::commit(&ctx.db, writer, vec![op])
        .await?
        .pop()
        .unwrap_or_else(|| Err(journal::not_applied()))
}

/// The capture form's queue of field changes: each op checked on its own, those that pass
/// committed together in order, each answered on its own.
pub async fn save(
    ctx: &Ctx,
    interview_id: InterviewId,
    ops: Vec<FieldOp>,
) -> Result<Vec<FieldResult>, ServiceError> {
    journal::check_batch_size(ops.len(), MAX_OPS)?;
    let (actor, iv) = writable(ctx, interview_id).await?;
    let mut checked = Vec::with_capacity(ops.len());
    for op in ops {
        let op_id = op.change.op_id.clone();
        checked.push((op_id, prepare(ctx, &actor, &iv, &op.key, op.change).await));
    }
    let writer = ctx.writers.as_ref().map(|w| &w.fields);
    journal::commit_checked(&ctx.db, writer, checked).await
}

pub async fn history(
    ctx: &Ctx,
    interview_id: InterviewId,
    key: &str,
) -> Result<Vec<FieldHistoryEntry>, ServiceError> {
    policy::interview(&ctx.db, &ctx.principal, interview_id, Permission::Read).await?;
    let entries = journal::history::<Fields>(&ctx.db, &interview_id.to_string(), key).await?;
    Ok(entries
        .into_iter()
        .map(|e| FieldHistoryEntry {
            at: e.at,
            actor: e.actor,
            revision: e.revision,
            old_value: e.old,
            new_value: e.new,
            op_id: e.op_id,
        })
        .collect())
}

/// The aspect tags used in the study's interviews, most used first: suggestions for the next.
pub async fn aspect_suggestions(ctx: &Ctx, study: StudyId) -> Result<Vec<TagUse>, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study, Permission::Read).await?;
    let study_id = &study.to_string();
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
        if let FieldValue::Tags(tags) = parse_value(&value)? {
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
