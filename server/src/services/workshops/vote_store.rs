//! Workshop votes as the op journal writes them: a participant's rating of one item in one
//! round, its row in `workshop_votes`, and how a refusal shows it. The journal's scope is the
//! participant (an op_id is unique per participant); its target is `<round>/<item id>`.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use app::domain::rating::Rating;
use app::features::workshops::dto::VoteView;

use crate::db::entities::{event::kind, workshop_vote};
use crate::db::stored;
use crate::services::journal::{Current, Key, Subject};

/// What one vote op writes; also each vote event's old and new value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteValue {
    pub workshop_id: String,
    pub rating: Rating,
}

pub struct Votes;

/// The journal's target for a vote: its round and item.
pub fn target(round: u32, item_id: &str) -> String {
    format!("{round}/{item_id}")
}

/// `(round, item_id)` of a target; `None` for what [`target`] never makes.
pub fn parse_target(target: &str) -> Option<(u32, &str)> {
    let (round, item) = target.split_once('/')?;
    Some((round.parse().ok()?, item))
}

fn current_of(v: workshop_vote::Model) -> Result<Current<VoteValue>, DbErr> {
    Ok(Current {
        target: target(stored::count(v.round)?, &v.item_id),
        value: VoteValue {
            workshop_id: v.workshop_id,
            rating: stored::rating(&v.rating)?,
        },
        revision: stored::count(v.revision)?,
        at: v.updated_at,
        actor: v.participant_id.clone(),
        scope: v.participant_id,
    })
}

pub fn bad_target(t: &str) -> DbErr {
    DbErr::Type(format!("a vote target that is not <round>/<item>: {t:?}"))
}

impl Subject for Votes {
    type Value = VoteValue;
    const KIND: &'static str = kind::VOTE;
    const NOUN: &'static str = "vote";

    async fn load<C: ConnectionTrait + Sync>(
        db: &C,
        keys: &[Key],
    ) -> Result<Vec<Current<VoteValue>>, DbErr> {
        let mut participants: Vec<&str> = keys.iter().map(|k| k.0.as_str()).collect();
        participants.dedup();
        let mut items = Vec::with_capacity(keys.len());
        for (_, t) in keys {
            items.push(parse_target(t).ok_or_else(|| bad_target(t))?.1);
        }
        let rows = workshop_vote::Entity::find()
            .filter(workshop_vote::Column::ParticipantId.is_in(participants))
            .filter(workshop_vote::Column::ItemId.is_in(items))
            .all(db)
            .await?;
        let wanted: std::collections::HashSet<&Key> = keys.iter().collect();
        let mut out = Vec::new();
        for row in rows {
            let c = current_of(row)?;
            if wanted.contains(&(c.scope.clone(), c.target.clone())) {
                out.push(c);
            }
        }
        Ok(out)
    }

    async fn store<C: ConnectionTrait + Sync>(
        db: &C,
        rows: Vec<Current<VoteValue>>,
    ) -> Result<(), DbErr> {
        use workshop_vote::Column as C;
        let mut models = Vec::with_capacity(rows.len());
        for v in rows {
            let (round, item) = parse_target(&v.target).ok_or_else(|| bad_target(&v.target))?;
            models.push(workshop_vote::ActiveModel {
                participant_id: Set(v.scope.clone()),
                item_id: Set(item.to_string()),
                round: Set(i32::try_from(round).unwrap_or(i32::MAX)),
                workshop_id: Set(v.value.workshop_id),
                rating: Set(v.value.rating.code().to_string()),
                revision: Set(i32::try_from(v.revision).unwrap_or(i32::MAX)),
                updated_at: Set(v.at),
            });
        }
        let on_conflict = OnConflict::columns([C::ParticipantId, C::ItemId, C::Round])
            .update_columns([C::Rating, C::Revision, C::UpdatedAt])
            .to_owned();
        workshop_vote::Entity::insert_many(models)
            .on_conflict(on_conflict)
            .exec_without_returning(db)
            .await?;
        Ok(())
    }

    fn view(c: Current<VoteValue>) -> serde_json::Value {
        let (round, item) = parse_target(&c.target).unwrap_or((0, ""));
        serde_json::to_value(VoteView {
            item_id: item.to_string(),
            round,
            rating: c.value.rating,
            revision: c.revision,
        })
        .unwrap_or_default()
    }
}
