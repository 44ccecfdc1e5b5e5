use sea_orm::entity::prelude::*;

/// The current answer to one item; derived from its `events`, kept for fast reads.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub interview_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: String,
    pub rating: String,
    pub note: Option<String>,
    pub quote: Option<String>,
    pub revision: i32,
    pub updated_at: ChronoDateTimeUtc,
    pub updated_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
