//! A target's changes, oldest first, read back from `events`: the one history of every subject.

use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::de::DeserializeOwned;

use super::op::Subject;
use crate::db::entities::event;
use crate::error::ServiceError;

/// One change, with the actor as people know them.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<V> {
    pub at: String,
    pub actor: String,
    pub revision: u32,
    pub old: Option<V>,
    pub new: V,
    pub op_id: String,
}

/// Every change of `target` in `scope`. The caller has checked that the caller may read it.
pub async fn history<S: Subject>(
    db: &DatabaseConnection,
    scope: &str,
    target: &str,
) -> Result<Vec<Entry<S::Value>>, ServiceError> {
    let events = event::Entity::find()
        .filter(event::Column::Kind.eq(S::KIND))
        .filter(event::Column::ScopeId.eq(scope))
        .filter(event::Column::Target.eq(target))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let actors: Vec<&str> = events.iter().map(|e| e.actor_id.as_str()).collect();
    let names = crate::services::accounts::names_of(db, &actors).await?;
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        out.push(Entry {
            at: e.at.to_rfc3339(),
            actor: names
                .get(&e.actor_id)
                .cloned()
                .unwrap_or_else(|| e.actor_id.clone()),
            revision: e.revision.max(0) as u32,
            old: e.old_value.as_deref().map(parse).transpose()?,
            new: parse(&e.new_value)?,
            op_id: e.op_id,
        });
    }
    Ok(out)
}

/// A stored value that does not parse is an error, never a default: a history that silently
/// showed something else would mislead.
fn parse<V: DeserializeOwned>(text: &str) -> Result<V, DbErr> {
    serde_json::from_str(text).map_err(|e| DbErr::Json(format!("a stored event value: {e}")))
}
