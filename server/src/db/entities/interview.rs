use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub study_id: String,
    pub organisation: String,
    pub sbi_section: String,
    pub respondent_function: Option<String>,
    pub held_on: Option<ChronoDate>,
    pub mode: Option<String>,
    pub interviewer_id: String,
    pub consent: bool,
    pub notes: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    /// Of the details; every successful edit adds one.
    pub revision: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
