//! A facilitator creates a workshop on some roles of a study: it gets a join code that is
//! unique among open workshops, and the list of a study's workshops.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use app::domain::access::Permission;
use app::domain::codebook::NodeKind;
use app::domain::ids::StudyId;
use app::domain::workshop::{CODE_LEN, WorkshopState, code_from};
use app::features::workshops::dto::{NewWorkshop, WorkshopCreated, WorkshopSummary};

use super::record::{self, Workshop};
use super::{DEFAULT_CAP, MAX_CAP, join_url};
use crate::auth::policy;
use crate::db::entities::event::kind;
use crate::db::entities::{codebook_node, participant, study, workshop};
use crate::db::stored;
use crate::error::ServiceError;
use crate::services::journal::outbox::{self, SystemEvent};
use crate::services::{Ctx, audit};

/// Tries before giving up on a free code: with 31^7 codes, a second try is already rare.
const CODE_TRIES: usize = 8;

pub async fn create(
    ctx: &Ctx,
    study_id: StudyId,
    input: NewWorkshop,
) -> Result<WorkshopCreated, ServiceError> {
    let (user, _) =
        policy::study(&ctx.db, &ctx.principal, study_id, Permission::Facilitate).await?;
    let title = input.title.trim().to_string();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(ServiceError::invalid_field(
            "title",
            "the workshop needs a title of 1 to 200 characters",
        ));
    }
    let cap = input.participant_cap.unwrap_or(DEFAULT_CAP);
    if !(1..=MAX_CAP).contains(&cap) {
        return Err(ServiceError::invalid_field(
            "participant_cap",
            format!("the participant cap must be 1 to {MAX_CAP}"),
        ));
    }
    let study = study::Entity::find_by_id(study_id.to_string())
        .one(&ctx.db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no study with id {study_id}")))?;
    let role_ids = check_roles(ctx, &study.codebook_id, &input.role_ids).await?;
    let items = record::items(&ctx.db, &study.codebook_id, &role_ids).await?;
    if items.is_empty() {
        return Err(ServiceError::invalid_field(
            "role_ids",
            "these roles have no items to rate",
        ));
    }
    let mut w = Workshop {
        id: uuid::Uuid::new_v4().to_string(),
        study_id: study_id.to_string(),
        title,
        code: String::new(),
        role_ids,
        state: WorkshopState::new(input.mode, items.into_iter().map(|i| i.item_id)),
        revision: 0,
        participant_cap: cap,
        created_by: user.id.clone(),
        created_at: Utc::now(),
    };
    for _ in 0..CODE_TRIES {
        w.code = fresh_code()?;
        match insert(ctx, &w).await {
            Ok(()) => {
                return Ok(WorkshopCreated {
                    join_url: join_url(ctx, &w.code),
                    id: w.id,
                    code: w.code,
                });
            }
            Err(ServiceError::Db(e))
                if matches!(
                    e.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) => {}
            Err(e) => return Err(e),
        }
    }
    Err(ServiceError::Internal(
        "no free join code after several tries".into(),
    ))
}

fn fresh_code() -> Result<String, ServiceError> {
    let mut random = [0u8; CODE_LEN];
    getrandom::fill(&mut random)
        .map_err(|e| ServiceError::Internal(format!("no random source for a join code: {e}")))?;
    Ok(code_from(random))
}

/// Each id a role of the codebook, each once, in the order given.
async fn check_roles(
    ctx: &Ctx,
    codebook_id: &str,
    role_ids: &[String],
) -> Result<Vec<String>, ServiceError> {
    if role_ids.is_empty() {
        return Err(ServiceError::invalid_field(
            "role_ids",
            "choose at least one role",
        ));
    }
    let mut seen = Vec::new();
    for id in role_ids {
        let node = codebook_node::Entity::find_by_id(id.clone())
            .filter(codebook_node::Column::CodebookId.eq(codebook_id))
            .one(&ctx.db)
            .await?;
        let is_role = match &node {
            Some(n) => stored::node_kind(&n.kind)? == NodeKind::Role,
            None => false,
        };
        if !is_role {
            return Err(ServiceError::invalid_field(
                "role_ids",
                format!("{id:?} is not a role of this study's codebook"),
            ));
        }
        if !seen.contains(id) {
            seen.push(id.clone());
        }
    }
    Ok(seen)
}

async fn insert(ctx: &Ctx, w: &Workshop) -> Result<(), ServiceError> {
    let write = ctx.db.begin_write().await?;
    workshop::ActiveModel {
        id: Set(w.id.clone()),
        study_id: Set(w.study_id.clone()),
        title: Set(w.title.clone()),
        code: Set(w.code.clone()),
        open_code: Set(Some(w.code.clone())),
        mode: Set(w.mode().code().to_string()),
        role_ids: Set(super::json_text(&w.role_ids)?),
        state: Set(super::json_text(&w.state)?),
        revision: Set(0),
        participant_cap: Set(i32::try_from(w.participant_cap).unwrap_or(i32::MAX)),
        created_by: Set(w.created_by.clone()),
        created_at: Set(w.created_at),
        closed_at: Set(None),
    }
    .insert(&write.txn)
    .await?;
    audit::record(
        &write.txn,
        Some(&w.created_by),
        Some(&w.study_id),
        "workshop.created",
        serde_json::json!({"workshop_id": w.id, "title": w.title, "mode": w.mode().code()}),
    )
    .await?;
    let last = outbox::append_system(
        &write.txn,
        SystemEvent {
            kind: kind::WORKSHOP,
            study_id: &w.study_id,
            scope: &w.id,
            target: "",
            actor: &w.created_by,
            revision: 0,
            old: None,
            new: w,
        },
    )
    .await?;
    write.commit().await?;
    ctx.published(last);
    Ok(())
}

/// Newest first.
pub async fn list(ctx: &Ctx, study_id: StudyId) -> Result<Vec<WorkshopSummary>, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study_id, Permission::Read).await?;
    let rows = workshop::Entity::find()
        .filter(workshop::Column::StudyId.eq(study_id.to_string()))
        .all(&ctx.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let closed = row.open_code.is_none();
        let w = record::parse(row)?;
        let participants = participant::Entity::find()
            .filter(participant::Column::WorkshopId.eq(w.id.clone()))
            .count(&ctx.db)
            .await?;
        out.push(WorkshopSummary {
            mode: w.mode(),
            closed,
            participants: u32::try_from(participants).unwrap_or(u32::MAX),
            created_at: w.created_at.to_rfc3339(),
            id: w.id,
            title: w.title,
            code: w.code,
        });
    }
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    Ok(out)
}
