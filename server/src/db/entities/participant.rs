use sea_orm::entity::prelude::*;

/// Someone who joined a workshop with its code: no account, a cookie with a random token whose
/// hash is kept here.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "participants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub workshop_id: String,
    pub token_hash: String,
    pub display_name: String,
    pub organisation: Option<String>,
    pub sbi_section: Option<String>,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
