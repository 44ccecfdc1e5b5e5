//! The interview's fields besides item ratings: trend impacts, aspects per role, job titles,
//! related occupations, education levels (`app::domain::interview_fields`). Like answers:
//! `interview_fields` holds the current value per key (JSON text), `interview_field_events` every
//! change, append-only, with a UNIQUE `op_id` so a retried write is a no-op.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InterviewFields {
    Table,
    InterviewId,
    Key,
    Value,
    Revision,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum InterviewFieldEvents {
    Table,
    Id,
    OpId,
    RequestHash,
    StudyId,
    InterviewId,
    Key,
    ActorId,
    At,
    Revision,
    OldValue,
    NewValue,
}

#[derive(DeriveIden)]
enum Interviews {
    Table,
    Id,
}

fn id36<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).string_len(36).not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(InterviewFields::Table)
                .col(id36(InterviewFields::InterviewId))
                .col(
                    ColumnDef::new(InterviewFields::Key)
                        .string_len(80)
                        .not_null(),
                )
                .col(ColumnDef::new(InterviewFields::Value).text().not_null())
                .col(
                    ColumnDef::new(InterviewFields::Revision)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(InterviewFields::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(id36(InterviewFields::UpdatedBy))
                .primary_key(
                    Index::create()
                        .col(InterviewFields::InterviewId)
                        .col(InterviewFields::Key),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(InterviewFields::Table, InterviewFields::InterviewId)
                        .to(Interviews::Table, Interviews::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InterviewFieldEvents::Table)
                .col(
                    ColumnDef::new(InterviewFieldEvents::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(InterviewFieldEvents::OpId)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(InterviewFieldEvents::RequestHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(id36(InterviewFieldEvents::StudyId))
                .col(id36(InterviewFieldEvents::InterviewId))
                .col(
                    ColumnDef::new(InterviewFieldEvents::Key)
                        .string_len(80)
                        .not_null(),
                )
                .col(id36(InterviewFieldEvents::ActorId))
                .col(
                    ColumnDef::new(InterviewFieldEvents::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(InterviewFieldEvents::Revision)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(InterviewFieldEvents::OldValue).text().null())
                .col(
                    ColumnDef::new(InterviewFieldEvents::NewValue)
                        .text()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            InterviewFieldEvents::Table,
                            InterviewFieldEvents::InterviewId,
                        )
                        .to(Interviews::Table, Interviews::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_interview_field_events_key")
                .table(InterviewFieldEvents::Table)
                .col(InterviewFieldEvents::InterviewId)
                .col(InterviewFieldEvents::Key)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_interview_field_events_study")
                .table(InterviewFieldEvents::Table)
                .col(InterviewFieldEvents::StudyId)
                .col(InterviewFieldEvents::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(InterviewFieldEvents::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(InterviewFields::Table).to_owned())
            .await
    }
}
