use sea_orm::entity::prelude::*;

/// The current value of one interview field (JSON text of `app::domain::interview_fields::FieldValue`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interview_fields")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub interview_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub value: String,
    pub revision: i32,
    pub updated_at: ChronoDateTimeUtc,
    pub updated_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
