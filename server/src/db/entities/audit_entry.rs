use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: ChronoDateTimeUtc,
    pub actor_id: Option<String>,
    pub study_id: Option<String>,
    pub action: String,
    /// JSON object with what changed.
    pub details: String,
    /// The previous entry's `hash` (none for the first).
    pub prev_hash: Option<String>,
    /// SHA-256 over this entry and `prev_hash` (`services::audit::entry_hash`); none only until
    /// the server seals entries written before the chain existed.
    pub hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
