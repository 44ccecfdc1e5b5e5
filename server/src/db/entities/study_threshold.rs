use sea_orm::entity::prelude::*;

/// One version of a study's verdict thresholds; versions are only ever added.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "study_thresholds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub study_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    pub good_min: f64,
    pub partial_min: f64,
    pub min_n: i32,
    pub created_at: ChronoDateTimeUtc,
    pub created_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
