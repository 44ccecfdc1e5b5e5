//! The one reader of the event sequence in an instance: reads `events` after its cursor, in
//! id order, and applies each to its study when that study is loaded.

use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use sea_orm::{
    ColumnTrait, ConnAcquireErr, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use tokio::sync::{Notify, watch};

use app::domain::ids::StudyId;
use app::features::dashboard::dto::{AnswerValueView, ThresholdVersion};

use super::load;
use super::shared::Inner;
use super::study::{Change, StudyLive};
use crate::db::entities::event::{self, kind};
use crate::db::entities::interview;
use crate::db::{Db, stored};
use crate::error::ServiceError;
use crate::services::workshops::record::Workshop;
use crate::services::workshops::vote_store::{VoteValue, parse_target};

const BATCH: u64 = 500;

/// The shortest pause between two reads: under a stream of commits the pump reads once per
/// pause, not once per commit, and the live views lag by at most this much more.
const GAP: Duration = Duration::from_millis(5);

pub(super) async fn run(
    inner: Weak<Inner>,
    mut bus: watch::Receiver<i64>,
    wake: Arc<Notify>,
    poll: Duration,
) {
    loop {
        match inner.upgrade() {
            Some(inner) => {
                let committed = *bus.borrow_and_update();
                match catch_up(&inner, committed).await {
                    Ok(()) => {}
                    // The database handle was closed: the instance is shutting down.
                    Err(ServiceError::Db(DbErr::ConnectionAcquire(
                        ConnAcquireErr::ConnectionClosed,
                    ))) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, "live: reading the event sequence failed; retrying")
                    }
                }
            }
            None => return,
        }
        tokio::time::sleep(GAP).await;
        tokio::select! {
            changed = bus.changed() => if changed.is_err() { return },
            _ = wake.notified() => {}
            _ = tokio::time::sleep(poll) => {}
        }
    }
}

/// Reads and applies every event after the cursor, then says how far it got. `committed`: the
/// last event this instance has committed.
pub(super) async fn catch_up(inner: &Inner, committed: i64) -> Result<(), ServiceError> {
    let mut cursor = inner.cursor.lock().await;
    if nobody_watches(inner)? {
        // No study's live state to apply events to, so none is read (the writes of an instance
        // without live views pay nothing for them). The next study to join sets the cursor
        // from its snapshot (`Hub::study`).
        *cursor = None;
        inner.caught_up.send_if_modified(|c| {
            let moved = committed > *c;
            *c = (*c).max(committed);
            moved
        });
        return Ok(());
    }
    let mut at = match *cursor {
        Some(at) => at,
        None => load::last_event(&inner.db).await?,
    };
    *cursor = Some(at);
    while let Some(last) = apply_batch(inner, at).await? {
        at = last;
        *cursor = Some(at);
    }
    inner.caught_up.send_if_modified(|c| {
        let moved = at > *c;
        *c = (*c).max(at);
        moved
    });
    Ok(())
}

fn nobody_watches(inner: &Inner) -> Result<bool, ServiceError> {
    inner
        .studies
        .lock()
        .map(|s| s.is_empty())
        .map_err(|_| ServiceError::Internal("live studies' lock poisoned".into()))
}

/// One batch of events after `at`; the id of its last one, `None` when there were none.
async fn apply_batch(inner: &Inner, at: i64) -> Result<Option<i64>, ServiceError> {
    let rows = event::Entity::find()
        .filter(event::Column::Id.gt(at))
        .order_by_asc(event::Column::Id)
        .limit(BATCH)
        .all(&inner.db)
        .await?;
    let Some(last) = rows.last().map(|r| r.id) else {
        return Ok(None);
    };
    let studies: HashMap<String, (StudyId, Arc<StudyLive>)> = match inner.studies.lock() {
        Ok(s) => s
            .iter()
            .map(|(k, v)| (k.to_string(), (*k, v.clone())))
            .collect(),
        Err(_) => return Err(ServiceError::Internal("live studies' lock poisoned".into())),
    };
    for row in &rows {
        let Some((id, study)) = studies.get(&row.study_id) else {
            continue;
        };
        if let Err(e) = apply(&inner.db, study, row).await {
            tracing::error!(error = %e, event = row.id, study = %id,
                "live: an event does not apply; the study will be read anew on its next use");
            inner.forget(id);
        }
    }
    for (_, study) in studies.values() {
        study.passed(last)?;
    }
    Ok(Some(last))
}

async fn apply(db: &Db, study: &StudyLive, row: &event::Model) -> Result<(), ServiceError> {
    if row.id <= study.applied()? {
        return Ok(());
    }
    let revision = stored::count(row.revision)?;
    let change = match row.kind.as_str() {
        kind::FIELD => Change::Field {
            interview_id: row.scope_id.clone(),
            key: row.target.clone(),
            revision,
        },
        kind::INTERVIEW => match respondent(db, &row.scope_id).await? {
            Some(respondent) => Change::Interview {
                revision,
                respondent,
            },
            None => return Ok(()),
        },
        kind::THRESHOLDS => Change::Thresholds(stored::json::<ThresholdVersion>(
            "thresholds",
            &row.new_value,
        )?),
        kind::ANSWER => {
            if !study.knows(&row.scope_id)?
                && let Some(r) = respondent(db, &row.scope_id).await?
            {
                study.learn(r)?;
            }
            Change::Answer {
                interview_id: row.scope_id.clone(),
                item_id: row.target.clone(),
                revision,
                value: stored::json::<AnswerValueView>("answer", &row.new_value)?,
            }
        }
        kind::WORKSHOP => {
            let record: Workshop = stored::json("workshop", &row.new_value)?;
            let items = if study.has_workshop(&record.id)? {
                None
            } else {
                Some(load::workshop_items(db, &record).await?)
            };
            Change::Workshop { record, items }
        }
        kind::PARTICIPANT => Change::Participant(stored::json("participant", &row.new_value)?),
        kind::VOTE => {
            let (round, item) = parse_target(&row.target).ok_or_else(|| {
                ServiceError::Internal(format!("a vote event's target {:?}", row.target))
            })?;
            let value: VoteValue = stored::json("vote", &row.new_value)?;
            Change::Vote {
                workshop_id: value.workshop_id,
                participant_id: row.scope_id.clone(),
                item_id: item.to_string(),
                round,
                rating: value.rating,
                revision,
            }
        }
        other => {
            return Err(ServiceError::Internal(format!(
                "an event of unknown kind {other:?}"
            )));
        }
    };
    study.apply(row.id, change)
}

/// The interview's current facts; `None` when it is gone.
async fn respondent(
    db: &Db,
    interview_id: &str,
) -> Result<Option<app::domain::tally::Respondent>, ServiceError> {
    let row = interview::Entity::find_by_id(interview_id.to_string())
        .one(db)
        .await?;
    Ok(row.as_ref().map(load::respondent))
}
