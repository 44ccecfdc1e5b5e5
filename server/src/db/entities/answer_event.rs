use sea_orm::entity::prelude::*;

/// One change of one answer: append-only history and the outbox of live updates.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "answer_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub op_id: String,
    /// SHA-256 of the operation's content: the same op_id with other content is a conflict.
    pub request_hash: String,
    pub study_id: String,
    pub interview_id: String,
    pub item_id: String,
    pub actor_id: String,
    pub at: ChronoDateTimeUtc,
    pub revision: i32,
    pub old_rating: Option<String>,
    pub new_rating: String,
    pub old_note: Option<String>,
    pub new_note: Option<String>,
    pub old_quote: Option<String>,
    pub new_quote: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
