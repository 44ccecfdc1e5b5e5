use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "codebook_nodes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub codebook_id: String,
    pub guid: String,
    pub parent_id: Option<String>,
    /// Display order within the codebook (pre-order).
    pub position: i32,
    pub kind: String,
    pub section_kind: Option<String>,
    pub number: Option<String>,
    pub label: String,
    pub text: Option<String>,
    pub color: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::codebook::Entity",
        from = "Column::CodebookId",
        to = "super::codebook::Column::Id",
        on_delete = "Cascade"
    )]
    Codebook,
}

impl Related<super::codebook::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Codebook.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
