use sea_orm::entity::prelude::*;

/// One committed change (an answer, an interview field, the interview's details): the op
/// journal, the history and the outbox of live updates in one. `id` grows in commit order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What changed: `answer`, `field`, `interview`.
    pub kind: String,
    pub study_id: String,
    /// What the op_id is unique within: the interview.
    pub scope_id: String,
    /// The item id, the field key; empty for the interview's details.
    pub target: String,
    pub op_id: String,
    /// `<kind>:<scope_id>:<op_id>`, UNIQUE: an op lands once per kind and scope.
    pub op_key: String,
    /// SHA-256 of the operation's content: the same op_id with other content is a conflict.
    pub request_hash: String,
    pub actor_id: String,
    pub at: ChronoDateTimeUtc,
    pub revision: i32,
    /// JSON; none when the target had no value before.
    pub old_value: Option<String>,
    pub new_value: String,
}

/// The values of `kind`: what an event changed.
pub mod kind {
    pub const ANSWER: &str = "answer";
    pub const FIELD: &str = "field";
    /// An interview created, or its details changed.
    pub const INTERVIEW: &str = "interview";
    pub const THRESHOLDS: &str = "thresholds";
    /// A workshop created, or changed by its facilitator's controls (new value: the state).
    pub const WORKSHOP: &str = "workshop";
    /// Someone joined a workshop (scope: the workshop; target: the participant).
    pub const PARTICIPANT: &str = "participant";
    /// A workshop vote (scope: the participant; target: `<round>/<item id>`).
    pub const VOTE: &str = "vote";
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
