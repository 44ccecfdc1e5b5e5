//! Answers as the op journal writes them: the value of one item (rating, note, quote), its
//! current row in `answers`, and how a `stale` refusal shows it.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use app::domain::rating::Rating;
use app::features::interviews::dto::AnswerView;

use super::journal::{Current, Key, Op, Subject};
use crate::db::entities::answer;
use crate::db::stored;

/// What one answer op writes; also each answer event's old and new value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerValue {
    pub rating: Rating,
    pub note: Option<String>,
    pub quote: Option<String>,
}

/// An answer change that passed every check that needs no transaction.
pub type PreparedOp = Op<AnswerValue>;

pub struct Answers;

/// A stored answer as the API shows it; a rating that does not parse is an error.
pub fn answer_view(a: answer::Model) -> Result<AnswerView, DbErr> {
    Ok(AnswerView {
        rating: stored::rating(&a.rating)?,
        item_id: a.item_id,
        note: a.note,
        quote: a.quote,
        revision: a.revision.max(0) as u32,
        updated_at: a.updated_at.to_rfc3339(),
    })
}

fn current_of(a: answer::Model) -> Result<Current<AnswerValue>, DbErr> {
    Ok(Current {
        value: AnswerValue {
            rating: stored::rating(&a.rating)?,
            note: a.note,
            quote: a.quote,
        },
        revision: a.revision.max(0) as u32,
        at: a.updated_at,
        actor: a.updated_by,
        scope: a.interview_id,
        target: a.item_id,
    })
}

impl Subject for Answers {
    type Value = AnswerValue;
    const KIND: &'static str = crate::db::entities::event::kind::ANSWER;
    const NOUN: &'static str = "answer";

    async fn load<C: ConnectionTrait + Sync>(
        db: &C,
        keys: &[Key],
    ) -> Result<Vec<Current<AnswerValue>>, DbErr> {
        // `keys` are sorted, so each interview's come together.
        let mut interviews: Vec<&str> = keys.iter().map(|k| k.0.as_str()).collect();
        interviews.dedup();
        let items = keys.iter().map(|k| k.1.as_str());
        // A group is nearly always one interview, so the cross product adds next to nothing.
        let rows = answer::Entity::find()
            .filter(answer::Column::InterviewId.is_in(interviews))
            .filter(answer::Column::ItemId.is_in(items))
            .all(db)
            .await?;
        rows.into_iter().map(current_of).collect()
    }

    async fn store<C: ConnectionTrait + Sync>(
        db: &C,
        rows: Vec<Current<AnswerValue>>,
    ) -> Result<(), DbErr> {
        use answer::Column as C;
        let rows = rows.into_iter().map(|a| answer::ActiveModel {
            interview_id: Set(a.scope),
            item_id: Set(a.target),
            rating: Set(a.value.rating.code().to_string()),
            note: Set(a.value.note),
            quote: Set(a.value.quote),
            revision: Set(a.revision as i32),
            updated_at: Set(a.at),
            updated_by: Set(a.actor),
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
            .exec_without_returning(db)
            .await?;
        Ok(())
    }

    fn view(c: Current<AnswerValue>) -> serde_json::Value {
        serde_json::to_value(AnswerView {
            item_id: c.target,
            rating: c.value.rating,
            note: c.value.note,
            quote: c.value.quote,
            revision: c.revision,
            updated_at: c.at.to_rfc3339(),
        })
        .unwrap_or_default()
    }
}
