use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "codebooks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub guid: String,
    pub name: String,
    pub version: i32,
    pub description: Option<String>,
    /// `builtin` or `import`.
    pub origin: String,
    pub created_at: ChronoDateTimeUtc,
}

/// Nodes name their codebook (`codebook_node::Relation::Codebook`); the way back is not
/// declared, which would make the two entity modules depend on each other.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
