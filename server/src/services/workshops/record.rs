//! A workshop as stored, read back into its types, and the items its roles contain. What the
//! `workshop` events carry, so that a live view can follow a workshop from its events alone.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use app::domain::codebook::NodeKind;
use app::domain::workshop::{Mode, WorkshopState};
use app::features::workshops::dto::WorkshopItem;

use crate::db::entities::{codebook_node, participant, workshop};
use crate::db::stored;

/// Everything about a workshop but its participants and votes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workshop {
    pub id: String,
    pub study_id: String,
    pub title: String,
    pub code: String,
    pub role_ids: Vec<String>,
    pub state: WorkshopState,
    pub revision: u32,
    pub participant_cap: u32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Workshop {
    pub fn mode(&self) -> Mode {
        self.state.mode
    }

    /// The date its participants' ratings count under (the dashboard's date filter).
    pub fn date(&self) -> String {
        self.created_at.format("%Y-%m-%d").to_string()
    }
}

pub fn parse(m: workshop::Model) -> Result<Workshop, DbErr> {
    let state: WorkshopState = stored::json("workshop state", &m.state)?;
    if Mode::from_code(&m.mode) != Some(state.mode) {
        return Err(DbErr::Type(format!(
            "workshop {} has mode {:?} but its state says {:?}",
            m.id, m.mode, state.mode
        )));
    }
    Ok(Workshop {
        role_ids: stored::json("workshop roles", &m.role_ids)?,
        revision: stored::count(m.revision)?,
        participant_cap: stored::count(m.participant_cap)?,
        id: m.id,
        study_id: m.study_id,
        title: m.title,
        code: m.code,
        state,
        created_by: m.created_by,
        created_at: m.created_at,
    })
}

pub async fn find<C: ConnectionTrait>(db: &C, id: &str) -> Result<Option<Workshop>, DbErr> {
    workshop::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .map(parse)
        .transpose()
}

/// The same, locked until the transaction ends (PostgreSQL; SQLite writers take turns anyway),
/// so that two controls or the last free place are decided one at a time.
pub async fn find_for_update<C: ConnectionTrait>(
    db: &C,
    id: &str,
) -> Result<Option<Workshop>, DbErr> {
    use sea_orm::QuerySelect;
    let mut query = workshop::Entity::find_by_id(id.to_string());
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(db).await?.map(parse).transpose()
}

/// The items of `role_ids` (in the codebook's display order), each with its role.
pub async fn items<C: ConnectionTrait>(
    db: &C,
    codebook_id: &str,
    role_ids: &[String],
) -> Result<Vec<WorkshopItem>, DbErr> {
    let nodes = codebook_node::Entity::find()
        .filter(codebook_node::Column::CodebookId.eq(codebook_id))
        .order_by_asc(codebook_node::Column::Position)
        .all(db)
        .await?;
    let by_id: std::collections::HashMap<&str, &codebook_node::Model> =
        nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let role_of = |node: &codebook_node::Model| -> Option<&codebook_node::Model> {
        let mut at = node.parent_id.as_deref();
        while let Some(id) = at {
            let parent = by_id.get(id)?;
            if role_ids.iter().any(|r| r == id) {
                return Some(parent);
            }
            at = parent.parent_id.as_deref();
        }
        None
    };
    let mut items = Vec::new();
    for n in &nodes {
        if stored::node_kind(&n.kind)? != NodeKind::Item {
            continue;
        }
        if let Some(role) = role_of(n) {
            items.push(WorkshopItem {
                item_id: n.id.clone(),
                role_id: role.id.clone(),
                role_label: role.label.clone(),
                number: n.number.clone(),
                label: n.label.clone(),
                text: n.text.clone(),
            });
        }
    }
    Ok(items)
}

/// A participant's facts as the `participant` events carry them (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: String,
    pub workshop_id: String,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbi_section: Option<String>,
}

impl From<participant::Model> for Participant {
    fn from(p: participant::Model) -> Participant {
        Participant {
            id: p.id,
            workshop_id: p.workshop_id,
            display_name: p.display_name,
            organisation: p.organisation,
            sbi_section: p.sbi_section,
        }
    }
}
