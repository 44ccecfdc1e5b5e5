//! A study's live state read from the database in one snapshot: its codebook's nodes, its
//! thresholds, its respondents and their answers, and the last event id they include.

use sea_orm::sea_query::Query;
use sea_orm::{
    AccessMode, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IsolationLevel, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};

use app::domain::ids::StudyId;
use app::domain::rating::Rating;
use app::domain::tally::{Filter, Respondent, Source, Tally};

use super::study::{NodeInfo, StudyLive};
use super::workshop::WorkshopLive;
use crate::db::Db;
use crate::db::entities::{
    answer, codebook_node, event, interview, participant, study, workshop, workshop_vote,
};
use crate::db::stored;
use crate::error::ServiceError;
use crate::services::threshold_store;
use crate::services::workshops::record;

/// An interview as a respondent of the tally.
pub fn respondent(i: &interview::Model) -> Respondent {
    Respondent {
        id: i.id.clone(),
        source: Source::Interview,
        sbi_section: Some(i.sbi_section.clone()),
        collected_by: Some(i.interviewer_id.clone()),
        date: Some(
            i.held_on
                .unwrap_or_else(|| i.created_at.date_naive())
                .format("%Y-%m-%d")
                .to_string(),
        ),
    }
}

/// `None` when there is no such study.
pub async fn study(db: &Db, id: StudyId) -> Result<Option<StudyLive>, ServiceError> {
    // One snapshot: the last event id and the rows it accounts for must agree. SQLite reads in
    // a transaction from one snapshot already; PostgreSQL needs REPEATABLE READ for that.
    let txn = if db.get_database_backend() == DbBackend::Postgres {
        db.begin_with_config(
            Some(IsolationLevel::RepeatableRead),
            Some(AccessMode::ReadOnly),
        )
        .await?
    } else {
        db.begin().await?
    };
    let study_id = id.to_string();
    let applied = last_event(&txn).await?;
    let Some(study) = study::Entity::find_by_id(study_id.clone())
        .one(&txn)
        .await?
    else {
        return Ok(None);
    };
    let nodes = nodes(&txn, &study.codebook_id).await?;
    let thresholds = threshold_store::current(&txn, &study_id).await?;
    let interviews = interview::Entity::find()
        .filter(interview::Column::StudyId.eq(study_id.clone()))
        .all(&txn)
        .await?;
    let answers = answers(&txn, &study_id).await?;
    let workshops = workshops(&txn, &study).await?;
    txn.commit().await?;
    let respondents = interviews.iter().map(respondent).chain(
        workshops
            .iter()
            .flat_map(|w| w.participants().map(|p| w.respondent(p))),
    );
    let votes = workshops.iter().flat_map(|w| w.counted());
    let tally = Tally::build(
        Filter::default(),
        respondents,
        answers
            .iter()
            .map(|(r, i, x)| (r.as_str(), i.as_str(), *x))
            .chain(votes),
    );
    Ok(Some(StudyLive::new(
        id, nodes, tally, thresholds, applied, workshops,
    )))
}

/// The study's workshops with their participants and votes.
async fn workshops<C: ConnectionTrait>(
    db: &C,
    study: &study::Model,
) -> Result<Vec<WorkshopLive>, ServiceError> {
    let rows = workshop::Entity::find()
        .filter(workshop::Column::StudyId.eq(study.id.clone()))
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let record = record::parse(row)?;
        let items = record::items(db, &study.codebook_id, &record.role_ids).await?;
        let mut live = WorkshopLive::new(record, items);
        let people = participant::Entity::find()
            .filter(participant::Column::WorkshopId.eq(live.id().to_string()))
            .all(db)
            .await?;
        for p in people {
            live.load_participant(p.into());
        }
        let votes = workshop_vote::Entity::find()
            .filter(workshop_vote::Column::WorkshopId.eq(live.id().to_string()))
            .all(db)
            .await?;
        for v in votes {
            live.load_vote(
                &v.participant_id,
                &v.item_id,
                stored::count(v.round)?,
                stored::rating(&v.rating)?,
                stored::count(v.revision)?,
            );
        }
        out.push(live);
    }
    Ok(out)
}

/// The items of a workshop the pump meets for the first time.
pub async fn workshop_items(
    db: &Db,
    w: &record::Workshop,
) -> Result<Vec<app::features::workshops::dto::WorkshopItem>, ServiceError> {
    let study = study::Entity::find_by_id(w.study_id.clone())
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("workshop {} without its study", w.id)))?;
    Ok(record::items(db, &study.codebook_id, &w.role_ids).await?)
}

pub async fn last_event<C: ConnectionTrait>(db: &C) -> Result<i64, ServiceError> {
    let last = event::Entity::find()
        .select_only()
        .column(event::Column::Id)
        .order_by_desc(event::Column::Id)
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?;
    Ok(last.unwrap_or(0))
}

async fn nodes<C: ConnectionTrait>(
    db: &C,
    codebook_id: &str,
) -> Result<Vec<NodeInfo>, ServiceError> {
    let rows = codebook_node::Entity::find()
        .filter(codebook_node::Column::CodebookId.eq(codebook_id))
        .order_by_asc(codebook_node::Column::Position)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|n| {
            Ok(NodeInfo {
                kind: stored::node_kind(&n.kind)?,
                section_kind: stored::section_kind(n.section_kind.as_deref())?,
                id: n.id,
                parent_id: n.parent_id,
            })
        })
        .collect()
}

async fn answers<C: ConnectionTrait>(
    db: &C,
    study_id: &str,
) -> Result<Vec<(String, String, Rating)>, ServiceError> {
    let of_study = Query::select()
        .column(interview::Column::Id)
        .from(interview::Entity)
        .and_where(interview::Column::StudyId.eq(study_id))
        .to_owned();
    let rows: Vec<(String, String, String)> = answer::Entity::find()
        .select_only()
        .columns([
            answer::Column::InterviewId,
            answer::Column::ItemId,
            answer::Column::Rating,
        ])
        .filter(answer::Column::InterviewId.in_subquery(of_study))
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(r, i, rating)| Ok((r, i, stored::rating(&rating)?)))
        .collect()
}
