//! Interview fields as the op journal writes them: a field's value (JSON in
//! `interview_fields.value`), its current row, how a `stale` refusal shows it, and the current
//! fields of an interview as the page reads them.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

use app::domain::interview_fields::FieldValue;
use app::features::interviews::dto::FieldView;

use super::journal::{Current, Key, Subject};
use crate::db::entities::interview_field as field;
use crate::db::stored;
use crate::error::ServiceError;

pub fn parse_value(text: &str) -> Result<FieldValue, DbErr> {
    stored::json("interview field value", text)
}

/// Interview fields as the op journal writes them.
pub struct Fields;

impl Subject for Fields {
    type Value = FieldValue;
    const KIND: &'static str = crate::db::entities::event::kind::FIELD;
    const NOUN: &'static str = "field";

    async fn load<C: ConnectionTrait + Sync>(
        db: &C,
        keys: &[Key],
    ) -> Result<Vec<Current<FieldValue>>, DbErr> {
        // `keys` are sorted, so each interview's come together.
        let mut interviews: Vec<&str> = keys.iter().map(|k| k.0.as_str()).collect();
        interviews.dedup();
        let rows = field::Entity::find()
            .filter(field::Column::InterviewId.is_in(interviews))
            .filter(field::Column::Key.is_in(keys.iter().map(|k| k.1.as_str())))
            .all(db)
            .await?;
        rows.into_iter()
            .map(|f| {
                Ok(Current {
                    value: parse_value(&f.value)?,
                    revision: f.revision.max(0) as u32,
                    at: f.updated_at,
                    actor: f.updated_by,
                    scope: f.interview_id,
                    target: f.key,
                })
            })
            .collect()
    }

    async fn store<C: ConnectionTrait + Sync>(
        db: &C,
        rows: Vec<Current<FieldValue>>,
    ) -> Result<(), DbErr> {
        let mut models = Vec::with_capacity(rows.len());
        for f in rows {
            models.push(field::ActiveModel {
                value: Set(serde_json::to_string(&f.value).map_err(|e| DbErr::Json(e.to_string()))?),
                interview_id: Set(f.scope),
                key: Set(f.target),
                revision: Set(f.revision as i32),
                updated_at: Set(f.at),
                updated_by: Set(f.actor),
            });
        }
        let on_conflict = OnConflict::columns([field::Column::InterviewId, field::Column::Key])
            .update_columns([
                field::Column::Value,
                field::Column::Revision,
                field::Column::UpdatedAt,
                field::Column::UpdatedBy,
            ])
            .to_owned();
        field::Entity::insert_many(models)
            .on_conflict(on_conflict)
            .exec_without_returning(db)
            .await?;
        Ok(())
    }

    fn view(c: Current<FieldValue>) -> serde_json::Value {
        serde_json::to_value(FieldView {
            key: c.target,
            value: c.value,
            revision: c.revision,
            updated_at: c.at.to_rfc3339(),
        })
        .unwrap_or_default()
    }
}

fn view(f: field::Model) -> Result<FieldView, DbErr> {
    Ok(FieldView {
        value: parse_value(&f.value)?,
        key: f.key,
        revision: f.revision.max(0) as u32,
        updated_at: f.updated_at.to_rfc3339(),
    })
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
    Ok(rows.into_iter().map(view).collect::<Result<_, _>>()?)
}
