//! Verdict thresholds, versioned per study: every aggregate names the version it used, so a
//! published table can be traced to the rule that coloured it. Version 1 is the default of
//! api-v1.md (0.75 / 0.50 / min n 3); every existing study gets it, new studies get it when
//! they are created, and each change adds the next version (never an update in place).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StudyThresholds {
    Table,
    StudyId,
    Version,
    GoodMin,
    PartialMin,
    MinN,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum Studies {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(StudyThresholds::Table)
                .col(
                    ColumnDef::new(StudyThresholds::StudyId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(StudyThresholds::Version)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(StudyThresholds::GoodMin).double().not_null())
                .col(
                    ColumnDef::new(StudyThresholds::PartialMin)
                        .double()
                        .not_null(),
                )
                .col(ColumnDef::new(StudyThresholds::MinN).integer().not_null())
                .col(
                    ColumnDef::new(StudyThresholds::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(StudyThresholds::CreatedBy)
                        .string_len(36)
                        .null(),
                )
                .primary_key(
                    Index::create()
                        .col(StudyThresholds::StudyId)
                        .col(StudyThresholds::Version),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(StudyThresholds::Table, StudyThresholds::StudyId)
                        .to(Studies::Table, Studies::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO study_thresholds \
                 (study_id, version, good_min, partial_min, min_n, created_at, created_by) \
                 SELECT id, 1, 0.75, 0.5, 3, created_at, created_by FROM studies",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(StudyThresholds::Table).to_owned())
            .await
    }
}
