//! What the dashboard reads: a study's aggregate under filters, one item's answers, and the
//! live stream's subscription. The figures come from the study's live state (`live`), which
//! always equals a recompute from the database.

use std::collections::BTreeMap;
use std::sync::Arc;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::domain::access::{Permission, StudyRole};
use app::domain::ids::{NodeId, StudyId};
use app::domain::rating::Counts;
use app::features::dashboard::dto::{
    AggregateQuery, AggregateView, Distribution, ItemAnswer, ItemDetail,
};

use super::Ctx;
use crate::auth::policy;
use crate::db::entities::{answer, interview};
use crate::error::ServiceError;
use crate::live::{StudyLive, Subscription};

fn check_query(q: &AggregateQuery) -> Result<(), ServiceError> {
    let date = |field: &str, v: &Option<String>| match v {
        Some(d) if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() => Err(
            ServiceError::invalid_field(field, format!("{d:?} is not a date like 2026-11-27")),
        ),
        _ => Ok(()),
    };
    date("from", &q.from)?;
    date("to", &q.to)?;
    if let Some(sbi) = &q.sbi_section
        && app::domain::reference::sbi_section(sbi).is_none()
    {
        return Err(ServiceError::invalid_field(
            "sbi_section",
            format!("{sbi:?} is not an SBI section (A to U)"),
        ));
    }
    Ok(())
}

pub async fn aggregate(
    ctx: &Ctx,
    study: StudyId,
    query: AggregateQuery,
) -> Result<AggregateView, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study, Permission::Read).await?;
    check_query(&query)?;
    let live = ctx.live_study(study).await?;
    if let Some(q) = &query.qualification
        && !live.is_qualification(q)
    {
        return Err(ServiceError::invalid_field(
            "qualification",
            format!("{q:?} is not a qualification of this study's codebook"),
        ));
    }
    live.view(&query.filter(), query.qualification.as_deref())
}

/// For the live stream: the caller may read the study.
pub async fn subscribe(
    ctx: &Ctx,
    study: StudyId,
    last_seen: Option<i64>,
) -> Result<(Arc<StudyLive>, Subscription), ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study, Permission::Read).await?;
    let live = ctx.live_study(study).await?;
    let subscription = live.subscribe(last_seen)?;
    Ok((live, subscription))
}

/// Every answer to one item with its note and quote, and how the ratings spread per source and
/// per SBI section. Organisations only for coordinators.
pub async fn item(ctx: &Ctx, study: StudyId, item: NodeId) -> Result<ItemDetail, ServiceError> {
    let (_, role) = policy::study(&ctx.db, &ctx.principal, study, Permission::Read).await?;
    let live = ctx.live_study(study).await?;
    let item_id = item.to_string();
    if !live.is_item(&item_id) {
        return Err(ServiceError::NotFound(format!(
            "no item {item_id} in this study's codebook"
        )));
    }
    let (headline, threshold_version) = live.item(&item_id)?;
    let rated = live.answers_to(&item_id)?;
    let ids: Vec<String> = rated.iter().map(|(r, _)| r.id.clone()).collect();
    let texts: BTreeMap<String, answer::Model> = answer::Entity::find()
        .filter(answer::Column::ItemId.eq(item_id.clone()))
        .filter(answer::Column::InterviewId.is_in(ids.clone()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|a| (a.interview_id.clone(), a))
        .collect();
    let organisations: BTreeMap<String, String> = if role == StudyRole::Coordinator {
        interview::Entity::find()
            .filter(interview::Column::Id.is_in(ids))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|i| (i.id, i.organisation))
            .collect()
    } else {
        BTreeMap::new()
    };
    let mut by_source: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let mut by_section: BTreeMap<String, Counts> = BTreeMap::new();
    let mut answers = Vec::with_capacity(rated.len());
    for (r, rating) in &rated {
        by_source.entry(r.source.code()).or_default().add(*rating);
        if let Some(sbi) = &r.sbi_section {
            by_section.entry(sbi.clone()).or_default().add(*rating);
        }
        let text = texts.get(&r.id);
        answers.push(ItemAnswer {
            interview_id: r.id.clone(),
            source: r.source,
            sbi_section: r.sbi_section.clone(),
            organisation: organisations.get(&r.id).cloned(),
            rating: *rating,
            note: text.and_then(|a| a.note.clone()),
            quote: text.and_then(|a| a.quote.clone()),
        });
    }
    answers
        .sort_by(|a, b| (&a.sbi_section, &a.interview_id).cmp(&(&b.sbi_section, &b.interview_id)));
    let distributions = by_source
        .into_iter()
        .map(|(k, counts)| Distribution {
            by: "source".into(),
            key: k.into(),
            counts,
        })
        .chain(by_section.into_iter().map(|(k, counts)| Distribution {
            by: "sbi_section".into(),
            key: k,
            counts,
        }))
        .collect();
    Ok(ItemDetail {
        item: headline,
        threshold_version,
        answers,
        distributions,
    })
}
