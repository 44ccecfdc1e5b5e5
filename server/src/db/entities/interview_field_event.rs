use sea_orm::entity::prelude::*;

/// One change of one interview field: append-only history, like `answer_events`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interview_field_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub op_id: String,
    pub request_hash: String,
    pub study_id: String,
    pub interview_id: String,
    pub key: String,
    pub actor_id: String,
    pub at: ChronoDateTimeUtc,
    pub revision: i32,
    pub old_value: Option<String>,
    pub new_value: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
