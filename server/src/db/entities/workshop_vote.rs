use sea_orm::entity::prelude::*;

/// A participant's current vote on one item in one round (the op journal's current value;
/// every change is also an event of kind `vote`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workshop_votes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub participant_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub round: i32,
    pub workshop_id: String,
    pub rating: String,
    pub revision: i32,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
