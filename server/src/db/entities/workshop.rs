use sea_orm::entity::prelude::*;

/// A workshop on some roles of a study. `state` is `domain::workshop::WorkshopState` as JSON,
/// changed only by the facilitator's controls (each adds one to `revision`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workshops")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub study_id: String,
    pub title: String,
    pub code: String,
    /// `code` while open, NULL once closed (unique among open workshops).
    pub open_code: Option<String>,
    pub mode: String,
    /// JSON array of the chosen role node ids.
    pub role_ids: String,
    pub state: String,
    pub revision: i32,
    pub participant_cap: i32,
    pub created_by: String,
    pub created_at: ChronoDateTimeUtc,
    pub closed_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
